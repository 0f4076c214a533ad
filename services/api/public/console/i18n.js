// The console's language: chosen by the moderator, remembered in localStorage, and until then
// the browser's. Arabic turns the whole page right to left (the CSS uses logical properties, so
// it mirrors). Elements rendered by the server say which message they show:
//   data-i18n="key"            → textContent
//   data-i18n-attr="attr:key;…" → attributes (placeholder, aria-label, title)
import { absoluteTime, timeElement } from '../lib/dom.js';
import { LANGUAGES, translate } from './messages.js';

/**
 * @typedef {import('./messages.js').ConsoleLanguage} ConsoleLanguage
 * @typedef {import('./messages.js').MessageKey} MessageKey
 */

const STORAGE_KEY = 'moderation-language';

/** @returns {ConsoleLanguage} */
function initialLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (privacy settings); the browser's language still works.
  }
  if (stored === 'ar' || stored === 'en') return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (primary === 'ar' || primary === 'en') return primary;
  }
  return 'en';
}

let current = initialLanguage();
/** @type {Set<(lang: ConsoleLanguage) => void>} */
const listeners = new Set();

/** The language the console speaks now. */
export function lang() {
  return current;
}

/**
 * @param {MessageKey} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  return translate(current, key, params);
}

/** @param {number} n */
export function formatNumber(n) {
  return new Intl.NumberFormat(current).format(n);
}

/** A date and time in the console's language. @param {string} iso */
export function formatDate(iso) {
  return absoluteTime(iso, current);
}

/** "3 minutes ago" in the console's language, the full date on hover. @param {string} iso */
export function timeAgo(iso) {
  return timeElement(iso, current);
}

/** @param {(lang: ConsoleLanguage) => void} listener */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

/** @param {ConsoleLanguage} next */
export function setLanguage(next) {
  if (!LANGUAGES.includes(next)) return;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but still switched.
  }
  if (next === current) return;
  current = next;
  translatePage();
  for (const listener of listeners) listener(next);
}

/** Sets lang/dir and every server-rendered message to the current language. */
export function translatePage(root = document) {
  const html = document.documentElement;
  html.lang = current;
  html.dir = current === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const el of root.querySelectorAll('[data-i18n]'))
    el.textContent = t(/** @type {MessageKey} */ (el.getAttribute('data-i18n')));
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of (el.getAttribute('data-i18n-attr') ?? '').split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr, t(/** @type {MessageKey} */ (key)));
    }
  }
  for (const button of root.querySelectorAll('[data-language]'))
    button.setAttribute('aria-pressed', String(button.getAttribute('data-language') === current));
}
