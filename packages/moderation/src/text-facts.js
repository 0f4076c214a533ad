// Facts about text that the engine, the API's validation and the browser widget must agree on,
// written once. Plain JavaScript with JSDoc types, because browsers load this very file: the API
// serves it as /static/lib/text-facts.js (services/api/public/lib/text-facts.js is a symlink to
// it). So: no imports, nothing Node-only, nothing a browser lacks.

/** Longest comment body, in code points: the API's 400, the widget's counter, the policy's default limit. */
export const MAX_COMMENT_LENGTH = 5000;

/** Longest author (or moderator) display name, in code points. */
export const MAX_AUTHOR_NAME_LENGTH = 80;

/**
 * Counts characters the way readers do for limits: code points, not UTF-16 units (an emoji is
 * one). A lone surrogate counts as one.
 * @param {string} text
 * @returns {number}
 */
export function codePointLength(text) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The low half of a surrogate pair belongs to the code point counted at its high half.
    const lowAfterHigh =
      unit >= 0xdc00 &&
      unit <= 0xdfff &&
      i > 0 &&
      text.charCodeAt(i - 1) >= 0xd800 &&
      text.charCodeAt(i - 1) <= 0xdbff;
    if (!lowAfterHigh) count++;
  }
  return count;
}

/**
 * Languages written right to left, by primary subtag: Arabic, Aramaic, Kurdish Sorani, Dhivehi,
 * Persian, Hebrew, Kashmiri, Pashto, Sindhi, Uyghur, Urdu, Yiddish, and a few more (Dari, Western
 * Punjabi, Mazanderani, Northern Luri, Balochi, Syriac, N'Ko, and the deprecated iw/ji).
 * @type {ReadonlyArray<string>}
 */
export const RTL_LANGUAGES = Object.freeze([
  'ar',
  'arc',
  'bal',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'ji',
  'ks',
  'lrc',
  'mzn',
  'nqo',
  'pnb',
  'prs',
  'ps',
  'sd',
  'syr',
  'ug',
  'ur',
  'yi',
]);

/** Scripts written right to left; a script subtag wins over the language ("ku-Arab", "sd-Deva"). */
const RTL_SCRIPTS = new Set(['adlm', 'arab', 'hebr', 'nkoo', 'rohg', 'samr', 'syrc', 'thaa']);
const RTL = new Set(RTL_LANGUAGES);

/**
 * The primary language subtag of a BCP 47 tag, lower-cased ("ar-EG" → "ar").
 * @param {string} language
 * @returns {string}
 */
export function primarySubtag(language) {
  return language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * The writing direction of a language tag: its script subtag when it has one, else its language.
 * @param {string} language BCP 47 tag such as "ar", "fa-IR", "ku-Arab" or "en-GB"
 * @returns {'rtl' | 'ltr'}
 */
export function directionOf(language) {
  const [primary = '', ...rest] = language.trim().toLowerCase().split(/[-_]/);
  const script = rest.find((subtag) => /^[a-z]{4}$/.test(subtag));
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL.has(primary) ? 'rtl' : 'ltr';
}
