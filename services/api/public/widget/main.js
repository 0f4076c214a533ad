// The comments widget. Newsroom pages load it through /static/widget.js (see
// services/api/src/web/README.md); the article page of this service loads it directly.
// It renders into a shadow root, so the host page's styles and the widget's do not mix.
import { h } from '../lib/dom.js';
import { createApi, describeError } from './api.js';
import { createCommentForm } from './form.js';
import { localeFor } from './i18n.js';
import { createOwnComments } from './own-comments.js';
import { readerId, toggleReportForm } from './report.js';
import { Thread } from './thread.js';

const PAGE_SIZE = 20;
const HERE = new URL(import.meta.url);

/**
 * Mounts the widget into a container element with `data-article`. Optional: `data-lang` (UI
 * language before the article is loaded) and `data-api` (API origin, default: this script's).
 * @param {HTMLElement} container
 */
export async function mount(container) {
  if (container.dataset.mounted) return;
  container.dataset.mounted = 'true';
  const articleId = container.dataset.article ?? '';
  const api = createApi(container.dataset.api ?? HERE.origin);
  const shadow = container.shadowRoot ?? container.attachShadow({ mode: 'open' });

  let locale = localeFor(container.dataset.lang || document.documentElement.lang || 'en');
  const root = h(
    'div',
    { class: 'cm-root', lang: locale.locale, dir: locale.dir, 'aria-busy': 'true' },
    h('p', { class: 'cm-loading' }, locale.strings.loading),
  );
  const stylesheet = h('link', { rel: 'stylesheet', href: new URL('../widget.css', HERE).href });
  shadow.replaceChildren(stylesheet, root);

  let article;
  let firstPage;
  try {
    [article, firstPage] = await Promise.all([
      api.getArticle(articleId),
      api.listComments(articleId, { limit: PAGE_SIZE }),
    ]);
  } catch (error) {
    root.replaceChildren(
      h(
        'p',
        { class: 'cm-form-error', role: 'alert' },
        locale.strings.errorLoad,
        ' ',
        describeError(error, locale.strings),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'cm-link',
          onclick: () => {
            delete container.dataset.mounted;
            void mount(container);
          },
        },
        locale.strings.retry,
      ),
    );
    root.removeAttribute('aria-busy');
    return;
  }

  locale = localeFor(article.language ?? 'en');
  const { strings: t, format } = locale;
  root.lang = locale.locale;
  root.dir = locale.dir;

  let count = Number(article.approvedCount ?? 0);
  /** @type {Set<string>} */
  const postedHere = new Set();
  const countEl = h('span', { class: 'cm-count' });
  const empty = h('p', { class: 'cm-empty' }, t.noComments);
  const updateCount = () => {
    countEl.textContent = t.count(count, format(count));
    empty.hidden = thread.size > 0;
  };

  const thread = new Thread({
    t,
    locale: locale.locale,
    canReply: article.commentsOpen,
    onReply: (entry) => form.setReplyTo({ id: entry.comment.id, name: entry.comment.author.name }),
    onReport: (entry) =>
      toggleReportForm(entry, {
        t,
        send: (report) => api.reportComment(entry.comment.id, report, readerId()),
      }),
  });

  const own = createOwnComments({
    storageKey: `newsroom-comments:${HERE.origin}:${articleId}`,
    getStatus: (id) => api.getStatus(id),
    onDecided(comment, status) {
      const entry = thread.get(comment.id) ?? thread.add(comment, 'pending');
      thread.setState(entry, status === 'approved' ? 'published' : 'rejected');
      // The count loaded with the page already includes comments approved before this visit.
      if (status === 'approved' && postedHere.has(comment.id)) count += 1;
      updateCount();
    },
  });

  const form = createCommentForm({
    t,
    format,
    submit: (comment, key) => api.postComment(articleId, comment, key),
    onPosted(comment) {
      postedHere.add(comment.id);
      own.add(comment);
      thread.add(comment, 'pending');
      updateCount();
    },
  });

  let cursor = firstPage.nextCursor ?? null;
  const more = h('button', { type: 'button', class: 'cm-more', hidden: !cursor }, t.loadMore);
  const loadError = h('p', { class: 'cm-load-error', role: 'alert' });
  async function loadMore() {
    more.disabled = true;
    more.textContent = t.loading;
    loadError.textContent = '';
    try {
      const page = await api.listComments(articleId, { cursor, limit: PAGE_SIZE });
      page.items.forEach((/** @type {any} */ item) => thread.add(item));
      cursor = page.nextCursor ?? null;
    } catch (error) {
      loadError.textContent = describeError(error, t);
    } finally {
      more.disabled = false;
      more.textContent = t.loadMore;
      more.hidden = !cursor;
      updateCount();
    }
  }
  more.addEventListener('click', () => void loadMore());

  for (const item of firstPage.items) thread.add(item);
  // Own comments published moments ago stay shown even if a CDN served an older thread page.
  own.confirm(firstPage.items.map((/** @type {any} */ item) => item.id));
  for (const comment of own.published) if (!thread.has(comment.id)) thread.add(comment);
  // Own comments from an earlier visit that are still waiting; approved ones are in the thread.
  for (const comment of own.pending) if (!thread.has(comment.id)) thread.add(comment, 'pending');
  own.start();

  root.replaceChildren(
    h('h2', { class: 'cm-heading' }, t.heading, ' ', countEl),
    article.commentsOpen ? form.el : h('p', { class: 'cm-closed' }, t.closed),
    empty,
    thread.el,
    loadError,
    more,
  );
  root.removeAttribute('aria-busy');
  updateCount();

  // The article page's "comment" button asks for the form.
  container.addEventListener('comments:compose', () => form.focus({ preventScroll: true }));
}

/** Mounts every comments container on the page: `#comments[data-article]` or `[data-comments]`. */
export function mountAll(doc = document) {
  const containers = doc.querySelectorAll('#comments[data-article], [data-comments][data-article]');
  return Promise.all([...containers].map((el) => mount(/** @type {HTMLElement} */ (el))));
}

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', () => void mountAll());
else void mountAll();
