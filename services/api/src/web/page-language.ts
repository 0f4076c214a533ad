import { directionOf, primarySubtag } from '@cm/moderation/text-facts.js';

// Which languages are written right to left is one shared fact (the widget reads the same file).
export { directionOf, primarySubtag };

export type UiLanguage = 'ar' | 'en';

/** The interface speaks Arabic on Arabic pages and English everywhere else. */
export function uiLanguageOf(language: string): UiLanguage {
  return primarySubtag(language) === 'ar' ? 'ar' : 'en';
}

/** A value safe to put in `lang`: a BCP 47-looking tag, or "und" when it is not one. */
export function langAttribute(language: string): string {
  return /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(language.trim()) ? language.trim() : 'und';
}
