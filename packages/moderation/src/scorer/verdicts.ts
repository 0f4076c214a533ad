/**
 * Moderators' verdicts as training data: what a final human decision teaches the scorer, which
 * language a comment counts under, and which verdicts are held out for evaluation. Pure; the
 * service reads the verdicts from Postgres and passes them in.
 */
import { normalize } from '../normalize/normalize.ts';
import { primarySubtag } from '../text-facts.js';
import { scriptOf } from './features.ts';
import type { Label } from './model.ts';
import { stableHash } from './split.ts';

/** A moderator's final decision on a comment (the latest human decision; the system's never count). */
export interface Verdict {
  commentId: string;
  body: string;
  /** The article's language tag ("ar", "en-GB", …). */
  articleLanguage: string;
  /** The latest moderator decision: approve = the comment is clean, reject = it is abusive. */
  action: 'approve' | 'reject';
}

/** What a moderator's final decision says about the comment. */
export const labelOfVerdict = (action: Verdict['action']): Label =>
  action === 'reject' ? 'abusive' : 'clean';

/** Languages written in the Arabic script, whose comments in that script count under the article's language. */
const ARABIC_SCRIPT_LANGUAGES = new Set(['ar', 'fa', 'ur', 'ps', 'ckb', 'sd', 'ug', 'prs', 'pnb']);

/**
 * The language a comment counts under in training and evaluation: the article's language when
 * the comment is written in that language's script, else the script's own guess — "ar" for an
 * Arabic-script comment under a Latin-script article, "und" (undetermined) for a Latin-script
 * comment under an Arabic article (Arabizi or English, we cannot tell). Comments are not tagged
 * with a language; the article is.
 */
export function languageOfComment(body: string, articleLanguage: string): string {
  const article = primarySubtag(articleLanguage) || 'und';
  const script = scriptOf(normalize(body));
  const arabicArticle = ARABIC_SCRIPT_LANGUAGES.has(article);
  if (script === 'arabic') return arabicArticle ? article : 'ar';
  if (script === 'latin') return arabicArticle ? 'und' : article;
  return article;
}

/** Share of verdicts held out for evaluation. */
export const HELD_OUT_VERDICT_SHARE = 0.25;
const VERDICT_SALT = 0x7e2d_1c7a;

/**
 * Whether a verdict is held out: about a quarter of the comments, by a hash of the comment id
 * alone, so a verdict never moves between training and evaluation and no model ever trains on a
 * held-out one (a moderator changing their mind changes the label, not the split).
 */
export function isHeldOutVerdict(commentId: string): boolean {
  return stableHash(commentId, VERDICT_SALT) / 2 ** 32 < HELD_OUT_VERDICT_SHARE;
}

/** A verdict as a training or evaluation example. */
export function verdictExample(verdict: Verdict): {
  id: string;
  text: string;
  label: Label;
  lang: string;
} {
  return {
    id: `verdict:${verdict.commentId}`,
    text: verdict.body,
    label: labelOfVerdict(verdict.action),
    lang: languageOfComment(verdict.body, verdict.articleLanguage),
  };
}
