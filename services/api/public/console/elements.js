// The console page's elements, rendered by the server (moderation-page.ts).

/** @param {string} selector */
const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));

export const ui = {
  signIn: /** @type {HTMLFormElement} */ ($('[data-sign-in]')),
  tokenInput: /** @type {HTMLInputElement} */ ($('#token')),
  signInError: $('[data-sign-in-error]'),
  signOut: $('[data-sign-out]'),
  queue: $('[data-queue]'),
  tabs: /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('[data-tab]')]),
  articleFilter: /** @type {HTMLSelectElement} */ ($('[data-article-filter]')),
  refresh: $('[data-refresh]'),
  selectAll: /** @type {HTMLInputElement} */ ($('[data-select-all]')),
  selectedCount: $('[data-selected-count]'),
  bulkApprove: /** @type {HTMLButtonElement} */ ($('[data-bulk="approve"]')),
  bulkReject: /** @type {HTMLButtonElement} */ ($('[data-bulk="reject"]')),
  bulkReason: /** @type {HTMLInputElement} */ ($('[data-bulk-reason]')),
  announce: $('[data-announce]'),
  queueError: $('[data-queue-error]'),
  cards: $('[data-cards]'),
  empty: $('[data-empty]'),
  loadMore: /** @type {HTMLButtonElement} */ ($('[data-load-more]')),
  shortcuts: $('[data-shortcuts]'),
  /** "Live" / "Offline": whether the queue follows the server's event stream right now. */
  liveStatus: $('[data-live-status]'),
  /** Which page this is: the review queue, or the audit log (/moderation/audit). */
  view: /** @type {'queue' | 'audit'} */ ($('main').dataset.view === 'audit' ? 'audit' : 'queue'),
  drawer: /** @type {HTMLDialogElement} */ ($('[data-author-drawer]')),
  audit: $('[data-audit]'),
  auditFilters: /** @type {HTMLFormElement} */ ($('[data-audit-filters]')),
  auditActor: /** @type {HTMLInputElement} */ ($('[data-audit-actor]')),
  auditTarget: /** @type {HTMLInputElement} */ ($('[data-audit-target]')),
  auditAction: /** @type {HTMLInputElement} */ ($('[data-audit-action]')),
  auditError: $('[data-audit-error]'),
  auditRows: $('[data-audit-rows]'),
  auditEmpty: $('[data-audit-empty]'),
  auditOlder: /** @type {HTMLButtonElement} */ ($('[data-audit-older]')),
  languageButtons: /** @type {HTMLButtonElement[]} */ ([
    ...document.querySelectorAll('[data-language]'),
  ]),
};
