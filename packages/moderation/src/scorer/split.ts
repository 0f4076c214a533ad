/**
 * Stable splits by id: where an example lands depends on its id alone, so adding examples
 * never moves old ones between training and evaluation, and a model never meets at evaluation
 * an example an earlier model trained on.
 */

/** FNV-1a over UTF-16 units, then a final mix: a stable 32-bit hash of a string. */
export function stableHash(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Share of examples kept for evaluation. */
export const EVAL_SHARE = 0.25;
const EVAL_SALT = 0x5eed_e7a1;
const FOLD_SALT = 0x0f01_d5ed;

/**
 * Whether an example belongs to the evaluation split: about 25 % of every language and label
 * (the hash of the id does not depend on either, so each stratum is cut alike). Only the id
 * counts, so a relabelled example stays where it was.
 */
export function isEvaluation(id: string): boolean {
  return stableHash(id, EVAL_SALT) / 2 ** 32 < EVAL_SHARE;
}

/** The cross-validation fold (0 … folds − 1) of a training example, by its id. */
export function foldOf(key: string, folds: number): number {
  return stableHash(key, FOLD_SALT) % folds;
}
