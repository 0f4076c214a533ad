// The article page's two buttons: share ("شارك") and comment ("تعليق").
const strings = document.documentElement.lang.startsWith('ar')
  ? { copied: 'نُسخ رابط المقال.', failed: 'تعذر نسخ الرابط.' }
  : { copied: 'Link copied.', failed: 'Could not copy the link.' };

const shareStatus = document.querySelector('.share-status');

/** @param {string} message */
function say(message) {
  if (shareStatus) shareStatus.textContent = message;
}

/** @param {Event} event */
async function share(event) {
  const button = /** @type {HTMLElement} */ (event.currentTarget);
  const url = button.dataset.shareUrl || location.href.split('#')[0];
  const title = button.dataset.shareTitle || document.title;
  if (navigator.share) {
    try {
      await navigator.share({ title, url });
      return;
    } catch (error) {
      if (/** @type {Error} */ (error).name === 'AbortError') return;
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    say(strings.copied);
  } catch {
    say(strings.failed);
  }
}
document.querySelector('[data-share]')?.addEventListener('click', (event) => void share(event));

// Scroll to the comments and put the cursor in the comment box. Without JavaScript the link
// still jumps to #comments; with it, a plain fragment jump would take the focus away again.
document.querySelector('[data-compose]')?.addEventListener('click', (event) => {
  const comments = document.getElementById('comments');
  if (!comments) return;
  event.preventDefault();
  history.replaceState(null, '', '#comments');
  comments.scrollIntoView({ block: 'start' });
  comments.dispatchEvent(new CustomEvent('comments:compose'));
});
