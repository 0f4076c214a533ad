// The author drawer: everything the newsroom knows about one commenter (their comments and what
// became of them, their standing, moderators' notes) and the actions on the person — trust,
// pre-moderate, suspend for a while, ban, restore — each with a reason for the audit log.
import { append, h } from '../lib/dom.js';
import { describeModerationError } from './api.js';
import { ui } from './elements.js';
import { formatDate, formatNumber, t, timeAgo } from './i18n.js';

/**
 * @typedef {import('./api.js').Author} Author
 * @typedef {import('./api.js').Standing} Standing
 * @typedef {import('./messages.js').MessageKey} MessageKey
 */

const ACTIONS = /** @type {const} */ (['trusted', 'premoderated', 'suspended', 'banned', 'normal']);
const SUSPEND_DAYS = [1, 3, 7, 30];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @param {{
 *   api: ReturnType<typeof import('./api.js').createModerationApi>,
 *   expired: (error: unknown) => boolean,
 *   onChanged: (author: Author) => void,
 * }} deps
 */
export function createAuthorDrawer({ api, expired, onChanged }) {
  const dialog = /** @type {HTMLDialogElement} */ (ui.drawer);
  /** @type {{ key: string, name: string } | null} */
  let who = null;
  /** @type {Author | null} */
  let author = null;
  /** What the moderator typed, kept across re-renders (language switch, a failed request). */
  const typed = { reason: '', note: '', days: '7' };
  let status = '';
  let failure = '';

  async function load() {
    if (!who) return;
    const key = who.key;
    try {
      const loaded = await api.author(key);
      if (who?.key !== key) return;
      author = loaded;
      failure = '';
    } catch (error) {
      if (expired(error)) return;
      failure = t('authorFailed', { error: describeModerationError(error) });
    }
    render();
  }

  /** @param {Standing} standing */
  async function changeStanding(standing) {
    if (!author) return;
    if (!typed.reason.trim()) {
      failure = t('standingReasonMissing');
      render();
      /** @type {HTMLElement | null} */ (dialog.querySelector('[data-standing-reason]'))?.focus();
      return;
    }
    const change = {
      standing,
      reason: typed.reason.trim(),
      ...(standing === 'suspended' && {
        until: new Date(Date.now() + Number(typed.days) * DAY_MS).toISOString(),
      }),
    };
    setBusy(true);
    try {
      author = { ...author, ...(await api.setStanding(author.key, change)) };
      typed.reason = '';
      failure = '';
      status = t('standingChanged', { name: author.displayName, standing: standingText(author) });
      onChanged(author);
    } catch (error) {
      if (expired(error)) return;
      failure = t('standingFailed', { error: describeModerationError(error) });
    }
    render();
  }

  async function addNote() {
    if (!author || !typed.note.trim()) return;
    setBusy(true);
    try {
      const note = await api.addNote(author.key, typed.note.trim());
      author = { ...author, notes: [note, ...author.notes] };
      typed.note = '';
      failure = '';
    } catch (error) {
      if (expired(error)) return;
      failure = t('noteFailed', { error: describeModerationError(error) });
    }
    render();
  }

  /** @param {boolean} busy */
  function setBusy(busy) {
    dialog.setAttribute('aria-busy', String(busy));
    for (const control of dialog.querySelectorAll('button:not([data-close]), textarea, select'))
      /** @type {HTMLButtonElement} */ (control).disabled = busy;
  }

  function render() {
    const name = author?.displayName ?? who?.name ?? '';
    const reason = h('textarea', {
      'data-standing-reason': true,
      id: 'standing-reason',
      dir: 'auto',
      rows: 2,
      maxlength: 500,
      oninput: (/** @type {Event} */ e) => {
        typed.reason = /** @type {HTMLTextAreaElement} */ (e.target).value;
      },
    });
    reason.value = typed.reason;
    const days = h(
      'select',
      {
        id: 'suspend-days',
        onchange: (/** @type {Event} */ e) => {
          typed.days = /** @type {HTMLSelectElement} */ (e.target).value;
        },
      },
      SUSPEND_DAYS.map((n) => h('option', { value: n }, t('days', { n }))),
    );
    days.value = typed.days;
    const note = h('textarea', {
      id: 'note-body',
      dir: 'auto',
      rows: 2,
      maxlength: 2000,
      oninput: (/** @type {Event} */ e) => {
        typed.note = /** @type {HTMLTextAreaElement} */ (e.target).value;
      },
    });
    note.value = typed.note;

    dialog.replaceChildren();
    append(dialog, [
      h(
        'header',
        { class: 'drawer-header' },
        h('h2', { id: 'drawer-title' }, h('bdi', {}, name)),
        author
          ? h('span', { class: `tag standing standing-${author.standing}` }, standingText(author))
          : null,
        h(
          'button',
          { type: 'button', class: 'link-button', 'data-close': true, onclick: () => close() },
          t('close'),
        ),
      ),
      h('p', { class: 'drawer-status', role: 'status' }, status),
      h('p', { class: 'form-error', role: 'alert' }, failure),
      author
        ? [
            h(
              'p',
              { class: 'author-counts' },
              t('authorCounts', {
                approved: formatNumber(author.counts.approved),
                rejected: formatNumber(author.counts.rejected),
                reported: formatNumber(author.counts.reported),
              }),
            ),
            h(
              'p',
              { class: 'muted' },
              t('authorSeen', {
                first: formatDate(author.createdAt),
                last: author.lastSeenAt ? formatDate(author.lastSeenAt) : '–',
              }),
            ),
            h(
              'form',
              { class: 'standing-form', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
              h('h3', {}, t('changeStanding')),
              h('label', { for: 'standing-reason' }, t('standingReason')),
              reason,
              h(
                'div',
                { class: 'standing-actions' },
                ACTIONS.filter((s) => s !== author?.standing || s === 'suspended').map((s) =>
                  s === 'suspended'
                    ? h(
                        'span',
                        { class: 'suspend-group' },
                        h(
                          'button',
                          {
                            type: 'button',
                            class: 'danger-outline',
                            'data-standing': s,
                            onclick: () => void changeStanding(s),
                          },
                          t('act.suspended'),
                        ),
                        h('label', { for: 'suspend-days' }, t('duration')),
                        days,
                      )
                    : h(
                        'button',
                        {
                          type: 'button',
                          class: s === 'banned' ? 'danger' : '',
                          'data-standing': s,
                          onclick: () => void changeStanding(s),
                        },
                        t(/** @type {MessageKey} */ (`act.${s}`)),
                      ),
                ),
              ),
            ),
            h('h3', {}, t('authorComments')),
            author.comments.length
              ? h(
                  'ol',
                  { class: 'author-comments' },
                  author.comments.map((c) =>
                    h(
                      'li',
                      { 'data-status': c.status },
                      h(
                        'span',
                        { class: `tag status-${c.status}` },
                        t(/** @type {MessageKey} */ (`status.${c.status}`)),
                      ),
                      ' ',
                      timeAgo(c.createdAt),
                      h('p', { class: 'author-comment-body', dir: 'auto' }, c.body),
                    ),
                  ),
                )
              : h('p', { class: 'muted' }, t('noComments')),
            h('h3', {}, t('notes')),
            author.notes.length
              ? h(
                  'ul',
                  { class: 'notes' },
                  author.notes.map((n) =>
                    h(
                      'li',
                      {},
                      h('p', { dir: 'auto' }, n.body),
                      h(
                        'p',
                        { class: 'muted' },
                        t('noteBy', { name: n.moderator.name, date: formatDate(n.createdAt) }),
                      ),
                    ),
                  ),
                )
              : h('p', { class: 'muted' }, t('noNotes')),
            h(
              'form',
              {
                class: 'note-form',
                onsubmit: (/** @type {Event} */ e) => {
                  e.preventDefault();
                  void addNote();
                },
              },
              h('label', { for: 'note-body' }, t('noteLabel')),
              note,
              h('button', { type: 'submit' }, t('addNote')),
            ),
          ]
        : null,
    ]);
    dialog.setAttribute('aria-busy', 'false');
  }

  function close() {
    who = null;
    author = null;
    dialog.close();
  }

  dialog.addEventListener('close', () => {
    who = null;
    author = null;
  });

  return {
    /** @param {{ key: string, name: string }} person */
    open(person) {
      who = person;
      author = null;
      status = '';
      failure = '';
      typed.reason = '';
      typed.note = '';
      render();
      if (!dialog.open) dialog.showModal();
      void load();
    },
    get isOpen() {
      return dialog.open;
    },
    /** Re-renders in the console's new language, keeping what was typed. */
    rerender() {
      if (dialog.open) render();
    },
  };
}

/** @param {Author} author */
export function standingText(author) {
  if (author.standing === 'suspended' && author.suspendedUntil)
    return t('suspendedUntil', { until: formatDate(author.suspendedUntil) });
  return t(/** @type {MessageKey} */ (`standing.${author.standing}`));
}
