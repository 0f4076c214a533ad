// DOM helpers shared by the widget and the console. User text only ever reaches the page as
// text nodes or attribute values: nothing here parses HTML.

/**
 * @typedef {Node | string | number | null | undefined | false | any[]} Child
 */

/**
 * Creates an element. `on*` function props become listeners, `class` sets className, `true`
 * sets an empty attribute and null/undefined/false skip the attribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined | ((event: never) => unknown)>} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else if (key === 'class') {
      el.className = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Element | DocumentFragment} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * "3 minutes ago" in the page's language, falling back to a date after a week.
 * @param {string} iso
 * @param {string} locale
 * @param {Date} [now]
 */
export function relativeTime(iso, locale, now = new Date()) {
  const then = new Date(iso);
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return absoluteTime(iso, locale);
}

/**
 * @param {string} iso
 * @param {string} locale
 */
export function absoluteTime(iso, locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/**
 * A `<time>` element showing relative time, with the full date on hover.
 * @param {string} iso
 * @param {string} locale
 */
export function timeElement(iso, locale) {
  return h('time', { datetime: iso, title: absoluteTime(iso, locale) }, relativeTime(iso, locale));
}
