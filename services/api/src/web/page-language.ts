/** Languages written right to left (primary subtag). */
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

export type UiLanguage = 'ar' | 'en';

export function primarySubtag(language: string): string {
  return language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

export function directionOf(language: string): 'rtl' | 'ltr' {
  return RTL.has(primarySubtag(language)) ? 'rtl' : 'ltr';
}

/** The interface speaks Arabic on Arabic pages and English everywhere else. */
export function uiLanguageOf(language: string): UiLanguage {
  return primarySubtag(language) === 'ar' ? 'ar' : 'en';
}

/** A value safe to put in `lang`: a BCP 47-looking tag, or "und" when it is not one. */
export function langAttribute(language: string): string {
  return /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(language.trim()) ? language.trim() : 'und';
}
