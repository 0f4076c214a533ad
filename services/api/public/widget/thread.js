import { h, timeElement } from '../lib/dom.js';

/**
 * @typedef {{ id: string, body: string, author: { name: string }, parentId: string | null, createdAt: string }} Comment
 * @typedef {'approved' | 'pending' | 'published' | 'rejected'} State
 * @typedef {{ comment: Comment, li: HTMLLIElement, badge: HTMLElement, replies: HTMLOListElement, actions: HTMLElement, replyButton: HTMLButtonElement, reportButton: HTMLButtonElement }} Entry
 */

/**
 * The thread: top-level comments newest first, replies under their parent oldest first (a
 * conversation reads forwards). Pages arrive newest first, so a reply can arrive before its
 * parent: it waits at the top level and moves under the parent when the parent loads.
 */
export class Thread {
  /**
   * @param {{ t: import('./i18n.js').Strings, locale: string, canReply: boolean, onReply: (entry: Entry) => void, onReport: (entry: Entry) => void }} options
   */
  constructor({ t, locale, canReply, onReply, onReport }) {
    this.t = t;
    this.locale = locale;
    this.canReply = canReply;
    this.onReply = onReply;
    this.onReport = onReport;
    this.el = h('ol', { class: 'cm-thread', 'aria-label': t.heading });
    /** @type {Map<string, Entry>} */
    this.entries = new Map();
    /** @type {Map<string, Set<Entry>>} replies whose parent is not loaded yet, by parent id */
    this.orphans = new Map();
  }

  /** @param {string} id */
  has(id) {
    return this.entries.has(id);
  }

  /** @param {string} id */
  get(id) {
    return this.entries.get(id);
  }

  get size() {
    return this.entries.size;
  }

  /**
   * @param {Comment} comment
   * @param {State} [state]
   */
  add(comment, state = 'approved') {
    const existing = this.entries.get(comment.id);
    if (existing) return existing;
    const entry = this.render(comment);
    this.entries.set(comment.id, entry);
    this.setState(entry, state);

    const parent = comment.parentId ? this.entries.get(comment.parentId) : undefined;
    if (parent) {
      insertSorted(parent.replies, entry, 'oldest-first');
    } else {
      insertSorted(this.el, entry, 'newest-first');
      if (comment.parentId) {
        entry.li.classList.add('cm-orphan');
        const waiting = this.orphans.get(comment.parentId) ?? new Set();
        waiting.add(entry);
        this.orphans.set(comment.parentId, waiting);
      }
    }
    for (const child of this.orphans.get(comment.id) ?? []) {
      child.li.classList.remove('cm-orphan');
      insertSorted(entry.replies, child, 'oldest-first');
    }
    this.orphans.delete(comment.id);
    return entry;
  }

  /**
   * @param {Entry} entry
   * @param {State} state
   */
  setState(entry, state) {
    const { t } = this;
    entry.li.dataset.state = state;
    entry.badge.hidden = state === 'approved';
    entry.badge.textContent =
      state === 'pending' ? t.pending : state === 'published' ? t.published : '';
    // Readers may reply to (when comments are open) and report any comment everyone can see.
    entry.actions.hidden = !(state === 'approved' || state === 'published');
    entry.replyButton.hidden = !this.canReply;
    if (state === 'rejected') {
      // The author learns what happened; the text itself is not shown on the page any more.
      const notice = h(
        'div',
        { class: 'cm-notice', role: 'status' },
        h('p', {}, t.rejectedNote),
        h(
          'button',
          { type: 'button', class: 'cm-link', onclick: () => this.remove(entry) },
          t.dismiss,
        ),
      );
      entry.li.replaceChildren(notice);
    }
  }

  /** @param {Entry} entry */
  remove(entry) {
    entry.li.remove();
    this.entries.delete(entry.comment.id);
  }

  /**
   * @param {Comment} comment
   * @returns {Entry}
   */
  render(comment) {
    const { t, locale } = this;
    const badge = h('span', { class: 'cm-badge' });
    const actions = h('div', { class: 'cm-actions' });
    const replies = h('ol', { class: 'cm-replies' });
    const li = h(
      'li',
      { class: 'cm-comment', 'data-id': comment.id, 'data-created-at': comment.createdAt },
      h(
        'article',
        { class: 'cm-card' },
        h(
          'header',
          { class: 'cm-meta' },
          h('span', { class: 'cm-author', dir: 'auto' }, comment.author.name),
          ' ',
          timeElement(comment.createdAt, locale),
          ' ',
          badge,
          h('span', { class: 'cm-orphan-note' }, t.inReplyToEarlier),
        ),
        h('div', { class: 'cm-body', dir: 'auto' }, comment.body),
        actions,
      ),
      replies,
    );
    const replyButton = h(
      'button',
      { type: 'button', class: 'cm-link', onclick: () => this.onReply(entry) },
      t.reply,
    );
    const reportButton = h(
      'button',
      {
        type: 'button',
        class: 'cm-link cm-report-button',
        'aria-expanded': 'false',
        onclick: () => this.onReport(entry),
      },
      t.report,
    );
    /** @type {Entry} */
    const entry = { comment, li, badge, replies, actions, replyButton, reportButton };
    actions.append(replyButton, ' ', reportButton);
    return entry;
  }
}

/**
 * @param {HTMLOListElement} list
 * @param {Entry} entry
 * @param {'newest-first' | 'oldest-first'} order
 */
function insertSorted(list, entry, order) {
  const at = entry.comment.createdAt;
  const before = [...list.children].find((child) => {
    const other = /** @type {HTMLElement} */ (child).dataset.createdAt ?? '';
    return order === 'newest-first' ? other < at : other > at;
  });
  list.insertBefore(entry.li, before ?? null);
}
