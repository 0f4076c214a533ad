import { html } from './html.ts';
import type { PageAssets } from './article-page.ts';
import type { UiLanguage } from './page-language.ts';
import { translate, type MessageKey } from '../../public/console/messages.js';

const TABS = ['pending', 'reported', 'rejected', 'approved'] as const;

/** Suggestions for the audit log's type filter; the API accepts any type. */
const AUDIT_TYPES = [
  'comment.approved',
  'comment.rejected',
  'comment.held',
  'comment.reported',
  'author.standing_changed',
  'author.note_added',
  'moderator.created',
  'moderator.revoked',
] as const;

const SHORTCUTS: [string, MessageKey][] = [
  ['j / k', 'keys.move'],
  ['a', 'keys.approve'],
  ['r', 'keys.reject'],
  ['x', 'keys.select'],
  ['A / R', 'keys.bulk'],
  ['1 2 3 4', 'keys.tabs'],
  ['?', 'keys.help'],
];

/**
 * The console is a static shell; console.js signs in and fills it from the v1 API. Every word
 * comes from the console's catalogue (public/console/messages.js) in `lang` (the browser's
 * Accept-Language); the page re-translates itself if the moderator chose the other language.
 */
export function renderModerationPage(
  assets: PageAssets,
  lang: UiLanguage = 'en',
  view: 'queue' | 'audit' = 'queue',
): string {
  const m = (key: MessageKey) => translate(lang, key);
  /** An element's text from the catalogue, re-translated in the browser. */
  const text = (key: MessageKey) => html`<span data-i18n="${key}">${m(key)}</span>`;
  return `<!doctype html>\n${
    html`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="${assets.url('favicon.svg')}" type="image/svg+xml" />
        <meta name="robots" content="noindex" />
        <title>${m('title')}</title>
        <link rel="stylesheet" href="${assets.url('console.css')}" />
        <script type="module" src="${assets.url('console.js')}"></script>
      </head>
      <body>
        <header class="console-header">
          <h1 data-i18n="title">${m('title')}</h1>
          <div class="header-actions">
            <span class="live-status" data-live-status role="status" hidden></span>
            ${
              view === 'audit'
                ? html`<a href="/moderation" data-i18n="backToQueue">${m('backToQueue')}</a>`
                : html`<a href="/moderation/audit" data-i18n="audit">${m('audit')}</a>`
            }
            <div
              class="language-switch"
              role="group"
              aria-label="${m('language')}"
              data-i18n-attr="aria-label:language"
            >
              <button
                type="button"
                data-language="en"
                lang="en"
                dir="ltr"
                aria-pressed="${lang === 'en' ? 'true' : 'false'}"
              >
                English
              </button>
              <button
                type="button"
                data-language="ar"
                lang="ar"
                dir="rtl"
                aria-pressed="${lang === 'ar' ? 'true' : 'false'}"
              >
                العربية
              </button>
            </div>
            <button type="button" class="link-button" data-sign-out data-i18n="signOut" hidden>
              ${m('signOut')}
            </button>
          </div>
        </header>
        <main class="console" data-view="${view}">
          <form class="sign-in" data-sign-in hidden>
            <h2 data-i18n="signIn">${m('signIn')}</h2>
            <label for="token" data-i18n="token">${m('token')}</label>
            <input
              id="token"
              name="token"
              type="password"
              autocomplete="current-password"
              spellcheck="false"
              required
            />
            <p class="form-error" role="alert" data-sign-in-error></p>
            <button type="submit" class="primary" data-i18n="signIn">${m('signIn')}</button>
          </form>
          <section
            class="queue"
            data-queue
            hidden
            aria-label="${m('reviewQueue')}"
            data-i18n-attr="aria-label:reviewQueue"
          >
            <div class="toolbar">
              <div
                class="tabs"
                role="tablist"
                aria-label="${m('queues')}"
                data-i18n-attr="aria-label:queues"
              >
                ${TABS.map((status, i) => html`<button type="button" role="tab" class="tab" id="tab-${status}" data-tab="${status}" aria-selected="${i === 0 ? 'true' : 'false'}" aria-controls="cards">${text(`tab.${status}`)} <span class="count" data-count="${status}">–</span></button>`)}
              </div>
              <label class="filter"
                >${text('article')}
                <select data-article-filter>
                  <option value="" data-i18n="allArticles">${m('allArticles')}</option>
                </select>
              </label>
              <button type="button" data-refresh data-i18n="refresh">${m('refresh')}</button>
            </div>
            <div class="bulk-bar" data-bulk-bar>
              <label><input type="checkbox" data-select-all /> ${text('selectAll')}</label>
              <span data-selected-count></span>
              <button type="button" data-bulk="approve" data-i18n="approveSelected" disabled>
                ${m('approveSelected')}
              </button>
              <button type="button" data-bulk="reject" data-i18n="rejectSelected" disabled>
                ${m('rejectSelected')}
              </button>
              <input
                type="text"
                data-bulk-reason
                placeholder="${m('bulkReasonPlaceholder')}"
                aria-label="${m('bulkReasonLabel')}"
                data-i18n-attr="placeholder:bulkReasonPlaceholder;aria-label:bulkReasonLabel"
                dir="auto"
              />
            </div>
            <p class="announce" role="status" aria-live="polite" data-announce></p>
            <p class="form-error" role="alert" data-queue-error></p>
            <ol
              class="cards"
              id="cards"
              role="tabpanel"
              aria-labelledby="tab-pending"
              data-cards
            ></ol>
            <p class="empty" data-empty hidden></p>
            <button type="button" class="load-more" data-load-more data-i18n="loadMore" hidden>
              ${m('loadMore')}
            </button>
          </section>
          <section class="audit" data-audit hidden aria-labelledby="audit-title">
            <h2 id="audit-title" data-i18n="audit">${m('audit')}</h2>
            <form class="audit-filters" data-audit-filters>
              <label
                >${text('audit.actor')}
                <input type="text" name="actor" data-audit-actor dir="ltr" />
              </label>
              <label
                >${text('audit.target')}
                <input type="text" name="target" data-audit-target dir="ltr" />
              </label>
              <label
                >${text('audit.action')}
                <input type="text" name="action" data-audit-action dir="ltr" list="audit-types" />
              </label>
              <datalist id="audit-types">
                ${AUDIT_TYPES.map((type) => html`<option value="${type}"></option>`)}
              </datalist>
              <button type="submit" class="primary" data-i18n="audit.filter">
                ${m('audit.filter')}
              </button>
            </form>
            <p class="form-error" role="alert" data-audit-error></p>
            <table class="audit-table">
              <thead>
                <tr>
                  <th scope="col" data-i18n="audit.when">${m('audit.when')}</th>
                  <th scope="col" data-i18n="audit.who">${m('audit.who')}</th>
                  <th scope="col" data-i18n="audit.what">${m('audit.what')}</th>
                  <th scope="col" data-i18n="audit.on">${m('audit.on')}</th>
                  <th scope="col" data-i18n="audit.details">${m('audit.details')}</th>
                </tr>
              </thead>
              <tbody data-audit-rows></tbody>
            </table>
            <p class="empty" data-audit-empty data-i18n="audit.empty" hidden>${m('audit.empty')}</p>
            <button type="button" class="load-more" data-audit-older data-i18n="audit.older" hidden>
              ${m('audit.older')}
            </button>
          </section>
          <dialog class="drawer" data-author-drawer aria-labelledby="drawer-title"></dialog>
          <aside
            class="shortcuts"
            data-shortcuts
            hidden
            aria-label="${m('shortcuts')}"
            data-i18n-attr="aria-label:shortcuts"
          >
            <h2 data-i18n="shortcuts">${m('shortcuts')}</h2>
            <dl>
              ${SHORTCUTS.map(
                ([keys, what]) =>
                  html`<dt><kbd dir="ltr">${keys}</kbd></dt>
                    <dd data-i18n="${what}">${m(what)}</dd>`,
              )}
            </dl>
          </aside>
        </main>
      </body>
    </html>`.value
  }\n`;
}
