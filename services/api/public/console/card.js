// One comment in the review queue: the text with its highlights, who and where, why it was
// held, and the approve / reject controls.
import { h } from '../lib/dom.js';
import { findingReason, highlightedBody } from './highlight.js';
import { formatDate, formatNumber, t, timeAgo } from './i18n.js';

const QUICK_REASONS = /** @type {const} */ ([
  'quick.abusive',
  'quick.spam',
  'quick.offTopic',
  'quick.personalData',
]);

/**
 * @typedef {import('./api.js').QueueItem} QueueItem
 * @typedef {{
 *   item: QueueItem, li: HTMLLIElement, checkbox: HTMLInputElement, error: HTMLElement,
 *   rejectForm: HTMLFormElement, reasonInput: HTMLInputElement, buttons: HTMLButtonElement[],
 *   openReject: () => void, closeReject: () => void, busy: boolean, setBusy: (busy: boolean) => void,
 *   taken: boolean, setTaken: (problem: TakenProblem | null, message?: 'takenBy' | 'decidedByColleague') => void,
 *   setClaimedBy: (by: import('./api.js').ModeratorRef | null) => void
 * }} Card
 * @typedef {{ decidedBy?: { id: string, name: string }, action?: string, decidedAt?: string }} TakenProblem
 */

/**
 * @param {QueueItem} item
 * @param {{
 *   onDecide: (card: Card, action: 'approve' | 'reject', reason?: string) => Promise<unknown>,
 *   onSelect: (card: Card, selected: boolean) => void,
 *   onFocus: (card: Card) => void,
 *   onAuthor: (card: Card) => void,
 * }} handlers
 * @returns {Card}
 */
export function createCard(item, { onDecide, onSelect, onFocus, onAuthor }) {
  const decision = item.decision;
  const findings = decision?.findings ?? [];
  /** @param {import('./api.js').Decision} d */
  const decided = (d) => {
    const label = t(/** @type {import('./messages.js').MessageKey} */ (`decision.${d.action}`));
    if (d.decidedBy === 'system') return t('byPipeline', { decision: label });
    if (d.decidedByName) return t('byModerator', { decision: label, name: d.decidedByName });
    return t('bySomeModerator', { decision: label });
  };

  const checkbox = h('input', {
    type: 'checkbox',
    class: 'card-check',
    'aria-label': t('selectComment', { name: item.author.name }),
  });
  const error = h('p', { class: 'card-error', role: 'alert' });
  const claimNote = h('p', { class: 'card-claim', hidden: true });
  const takenNote = h('p', { class: 'card-taken', role: 'alert', hidden: true });
  const reports = item.reports;
  const reasonInput = h('input', {
    type: 'text',
    class: 'reason',
    placeholder: t('reasonPlaceholder'),
    'aria-label': t('reasonLabel'),
    dir: 'auto',
    maxlength: 500,
  });
  const rejectForm = h(
    'form',
    { class: 'reject-form', hidden: true },
    reasonInput,
    ...QUICK_REASONS.map((key) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          onclick: () => {
            reasonInput.value = t(key);
            reasonInput.focus();
          },
        },
        t(key),
      ),
    ),
    h('button', { type: 'submit', class: 'danger' }, t('confirmReject')),
    h('button', { type: 'button', onclick: () => card.closeReject() }, t('cancel')),
  );
  const approveButton = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      'data-action': 'approve',
      // A published comment readers reported can be kept: approving it dismisses the reports.
      hidden: item.status === 'approved' && !item.reported,
      onclick: () => void onDecide(card, 'approve'),
    },
    item.status === 'rejected'
      ? t('approveAfterAll')
      : item.status === 'approved'
        ? t('keepPublished')
        : t('approve'),
  );
  const rejectButton = h(
    'button',
    {
      type: 'button',
      class: 'danger-outline',
      'data-action': 'reject',
      hidden: item.status === 'rejected',
      onclick: () => card.openReject(),
    },
    item.status === 'approved' ? t('takeDown') : t('reject'),
  );

  const li = h(
    'li',
    { class: 'card', tabindex: -1, 'data-id': item.id, 'data-status': item.status },
    h('div', { class: 'card-select' }, checkbox),
    h(
      'article',
      { class: 'card-main' },
      h(
        'header',
        { class: 'card-meta' },
        item.author.key
          ? h(
              'button',
              {
                type: 'button',
                class: 'author link-button',
                dir: 'auto',
                'data-author': item.author.key,
                title: t('aboutAuthor', { name: item.author.name }),
                onclick: () => onAuthor(card),
              },
              item.author.name,
            )
          : h('span', { class: 'author', dir: 'auto' }, item.author.name),
        item.author.standing && item.author.standing !== 'normal'
          ? h(
              'span',
              { class: `tag standing standing-${item.author.standing}` },
              t(
                /** @type {import('./messages.js').MessageKey} */ (
                  `standing.${item.author.standing}`
                ),
              ),
            )
          : null,
        item.author.email ? h('span', { class: 'email', dir: 'ltr' }, item.author.email) : null,
        h('span', { class: 'sep' }, t('on')),
        h(
          'a',
          {
            class: 'article',
            href: `/articles/${encodeURIComponent(item.articleId)}`,
            target: '_blank',
            rel: 'noopener',
            dir: 'auto',
          },
          item.articleTitle || item.articleId,
        ),
        timeAgo(item.createdAt),
        item.parentId ? h('span', { class: 'tag' }, t('reply')) : null,
      ),
      claimNote,
      h('blockquote', { class: 'card-body', dir: 'auto' }, highlightedBody(item.body, findings)),
      reports && reports.count > 0
        ? h(
            'p',
            { class: 'reports' },
            h('strong', {}, t('reportedTimes', { n: reports.count })),
            ': ',
            Object.entries(reports.reasons)
              .sort(([, a], [, b]) => b - a)
              .map(([reason, n], i) => [
                i ? ', ' : '',
                h(
                  'span',
                  { class: 'report-reason', 'data-reason': reason },
                  `${reportReason(reason)} (${formatNumber(n)})`,
                ),
              ]),
          )
        : null,
      decision
        ? h(
            'div',
            { class: `decision decision-${decision.action}` },
            h('strong', {}, decided(decision)),
            decision.reason ? h('span', { dir: 'auto' }, ' — ', decision.reason) : null,
            findings.length
              ? h(
                  'ul',
                  { class: 'findings' },
                  findings.map((f) =>
                    h(
                      'li',
                      { class: `finding finding-${f.action}` },
                      h('code', {}, f.rule),
                      ' ',
                      h('span', { dir: 'auto', class: 'finding-reason' }, findingReason(f)),
                      f.spans?.length
                        ? h(
                            'span',
                            { class: 'matched' },
                            ' — ',
                            uniqueTexts(f.spans).map((text, i) => [
                              i ? ', ' : '',
                              h('bdi', { class: 'term' }, text),
                            ]),
                          )
                        : null,
                    ),
                  ),
                )
              : null,
          )
        : null,
      h('div', { class: 'card-actions' }, approveButton, rejectButton),
      rejectForm,
      takenNote,
      error,
    ),
  );
  if (item.claimedBy) li.dataset.claimedBy = item.claimedBy.id;

  /** @type {Card} */
  const card = {
    item,
    li,
    checkbox,
    error,
    rejectForm,
    reasonInput,
    buttons: [approveButton, rejectButton],
    openReject() {
      if (item.status === 'rejected') return;
      rejectForm.hidden = false;
      reasonInput.focus();
    },
    closeReject() {
      rejectForm.hidden = true;
      li.focus();
    },
    busy: false,
    /** While a decision is in flight its buttons are off, so it cannot be sent twice. */
    setBusy(busy) {
      card.busy = busy;
      li.classList.toggle('busy', busy);
      li.setAttribute('aria-busy', String(busy));
      for (const button of li.querySelectorAll('.card-actions button, .reject-form button'))
        /** @type {HTMLButtonElement} */ (button).disabled = busy || card.taken;
    },
    taken: false,
    /**
     * Someone else decided first (a 409, or the live stream while the card was open): say who,
     * and take the controls away.
     */
    setTaken(problem, message = 'takenBy') {
      card.taken = true;
      li.classList.add('taken');
      rejectForm.hidden = true;
      for (const button of card.buttons) button.hidden = true;
      const by = problem?.decidedBy;
      takenNote.textContent = by
        ? t(message, {
            name: by.name,
            decision: t(
              /** @type {import('./messages.js').MessageKey} */ (
                `decision.${problem?.action ?? 'hold'}`
              ),
            ),
            time: problem?.decidedAt ? formatDate(problem.decidedAt) : '',
          })
        : t('takenBySomeone');
      takenNote.hidden = false;
    },
    /** Another moderator has the card open (an expiring claim), or no one (null). */
    setClaimedBy(by) {
      li.classList.toggle('claimed', !!by);
      claimNote.hidden = !by;
      claimNote.textContent = by ? t('claimedBy', { name: by.name }) : '';
    },
  };

  rejectForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void onDecide(card, 'reject', reasonInput.value.trim() || undefined);
  });
  reasonInput.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      card.closeReject();
    }
  });
  checkbox.addEventListener('change', () => onSelect(card, checkbox.checked));
  li.addEventListener('focusin', () => onFocus(card));
  return card;
}

/** @param {import('./api.js').Span[]} spans */
function uniqueTexts(spans) {
  return [...new Set(spans.map((span) => span.text))];
}

/** A reader's report reason in the console's language (unknown ones as they came). @param {string} reason */
function reportReason(reason) {
  const key = /** @type {import('./messages.js').MessageKey} */ (`report.${reason}`);
  return ['abuse', 'spam', 'off-topic', 'other'].includes(reason) ? t(key) : reason;
}
