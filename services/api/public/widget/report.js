// The "report" form under a comment: a reason, an optional note, then a thank-you. Readers have
// no accounts; a random id kept in this browser (X-Reader-Id) lets the service count one report
// per reader even when several readers share an address.
import { h } from '../lib/dom.js';
import { ApiError } from './api.js';

const READER_ID_KEY = 'newsroom-comments:reader-id';
const REASONS = /** @type {const} */ (['abuse', 'spam', 'off-topic', 'other']);

/** This browser's reader id, made once; null when storage is unavailable (private modes). */
export function readerId() {
  try {
    let id = localStorage.getItem(READER_ID_KEY);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = crypto.randomUUID();
      localStorage.setItem(READER_ID_KEY, id);
    }
    return id;
  } catch {
    return null;
  }
}

/**
 * Opens (or closes) the report form of a thread entry.
 * @param {import('./thread.js').Entry} entry
 * @param {{ t: import('./i18n.js').Strings, send: (report: { reason: typeof REASONS[number], note?: string }) => Promise<unknown> }} options
 */
export function toggleReportForm(entry, { t, send }) {
  const open = entry.li.querySelector(':scope > .cm-card > .cm-report');
  if (open) {
    open.remove();
    entry.reportButton.setAttribute('aria-expanded', 'false');
    return;
  }
  const name = `cm-report-${entry.comment.id}`;
  const error = h('p', { class: 'cm-form-error', role: 'alert' });
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 500, dir: 'auto' });
  const submit = h('button', { type: 'submit', class: 'cm-submit' }, t.reportSend);
  const close = () => {
    form.remove();
    entry.reportButton.setAttribute('aria-expanded', 'false');
    entry.reportButton.focus();
  };
  const form = h(
    'form',
    { class: 'cm-report', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, t.reportHeading),
      REASONS.map((reason) =>
        h(
          'label',
          { class: 'cm-report-reason' },
          h('input', { type: 'radio', name, value: reason }),
          ' ',
          t.reportReasons[reason],
        ),
      ),
    ),
    h('label', { class: 'cm-report-note' }, t.reportNote, note),
    error,
    h(
      'div',
      { class: 'cm-report-actions' },
      submit,
      ' ',
      h('button', { type: 'button', class: 'cm-link', onclick: close }, t.reportCancel),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = /** @type {HTMLInputElement | null} */ (
      form.querySelector(`input[name="${name}"]:checked`)
    );
    if (!chosen) {
      error.textContent = t.reportChooseReason;
      return;
    }
    const reason = /** @type {typeof REASONS[number]} */ (chosen.value);
    const text = note.value.trim();
    submit.disabled = true;
    error.textContent = '';
    send({ reason, ...(text && { note: text }) })
      .then(() => {
        form.replaceChildren(h('p', { class: 'cm-report-thanks', role: 'status' }, t.reportThanks));
        entry.reportButton.textContent = t.reported;
        entry.reportButton.disabled = true;
        entry.reportButton.setAttribute('aria-expanded', 'false');
      })
      .catch((/** @type {unknown} */ failure) => {
        submit.disabled = false;
        error.textContent =
          failure instanceof ApiError && failure.status === 429
            ? t.reportRateLimited
            : t.reportFailed;
      });
  });
  entry.actions.after(form);
  entry.reportButton.setAttribute('aria-expanded', 'true');
  /** @type {HTMLInputElement | null} */ (form.querySelector('input'))?.focus();
}
