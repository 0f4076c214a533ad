import type { NormalizedText } from '../normalize/normalize.ts';
import {
  extractFeatures,
  scriptOf,
  sumFeatures,
  type FeatureSettings,
  type Script,
} from './features.ts';

/** Labels a model learns: what a moderator finally decided about a comment. */
export type Label = 'abusive' | 'clean';

/** How well a model separates abusive from clean comments on one set of examples. */
export interface QualityRow {
  /** Examples evaluated (abusive + clean). */
  n: number;
  abusive: number;
  clean: number;
  /** Share of abusive comments whose score reaches the threshold (held). */
  abusiveHeld: number;
  /** Share of clean comments whose score reaches the threshold (wrongly held). */
  cleanHeld: number;
  /** Area under the ROC curve of the score: the chance an abusive comment outscores a clean one. */
  rocAuc: number;
}

/** `evaluateModel`'s answer: the whole set and each language on its own. */
export interface ModelEvaluation {
  threshold: number;
  overall: QualityRow;
  perLanguage: Record<string, QualityRow>;
}

/**
 * A trained text classifier: a linear model (logistic regression) over hashed character and
 * word n-grams of the normalized text. Immutable once trained; `scoreComment` never changes it.
 */
export interface ScorerModel {
  /** Identifies the model in decisions (`Decision.modelVersion`): a name and a hash of its content. */
  readonly version: string;
  readonly features: FeatureSettings;
  /** 2^hashBits weights as 8-bit codes: the weight of bucket i is codes[i] × scale. */
  readonly codes: Int8Array;
  readonly scale: number;
  readonly bias: number;
  readonly calibration: Calibration;
  /** How it was trained and how it did: informative, carried along with the model. */
  readonly training: TrainingSummary;
  /** Quality on a split it never trained on, when the trainer measured one. */
  readonly evaluation?: ModelEvaluation;
}

/**
 * score = sigmoid(slope × (margin − offset)). `offset` is the raw margin of the operating point
 * chosen on the validation folds, so a score of 0.5 means "hold" for every model. Arabic-script
 * and Latin-script comments get their own offset when the training set had enough clean ones
 * of that script, so each holds about the same share of its clean comments.
 */
export interface Calibration {
  offset: number;
  slope: number;
  scripts: Partial<Record<Script, number>>;
}

/** What went into a model: reproducible from these options and the same examples. */
export interface TrainingSummary {
  examples: number;
  perLanguage: Record<string, { abusive: number; clean: number }>;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Naive Bayes smoothing α of the NB-LR feature scaling (0: plain logistic regression). */
  naiveBayes: number;
  classWeights: { abusive: number; clean: number };
  seed: number;
  folds: number;
  /** The share of clean validation comments allowed at or above the operating point. */
  cleanHeldTarget: number;
  /** Quality of the out-of-fold scores on the training examples (cross-validation) at 0.5. */
  validation: ModelEvaluation;
}

/** The raw linear margin of a comment: bias + the sum of its features' weights / √count. */
export function marginOf(model: ScorerModel, normalized: NormalizedText): number {
  return model.bias + model.scale * sumFeatures(normalized, model.features, model.codes);
}

/** Maps a raw margin to the calibrated score in [0, 1] (0.5 at the validation operating point). */
export function calibrate(calibration: Calibration, margin: number, script: Script): number {
  const offset = calibration.scripts[script] ?? calibration.offset;
  return 1 / (1 + Math.exp(-calibration.slope * (margin - offset)));
}

/** The score of a comment: the closer to 1, the likelier a moderator would reject it. */
export function scoreNormalized(model: ScorerModel, normalized: NormalizedText): number {
  return calibrate(model.calibration, marginOf(model, normalized), scriptOf(normalized));
}

/** One n-gram occurrence that raised a score. */
export interface Contribution {
  /** Range in the normalized text. */
  start: number;
  end: number;
  /** Its share of the raw margin. */
  weight: number;
}

/** How many of the strongest occurrences are kept before choosing non-overlapping ones. */
const CANDIDATES = 24;
/** Scratch: how many occurrences have each positive 8-bit code (explanation is synchronous). */
const positiveBins = new Int32Array(128);
let occurrenceCodes = new Int8Array(4096);

/**
 * Scores a comment and names the n-grams that raised its score most: strongest first, at most
 * `limit`, none overlapping a stronger one (positions in the normalized text). About three
 * times the cost of `scoreNormalized`: the engine explains only the comments it holds. Each
 * occurrence's weight is read from the table once (a random read, what scoring costs most).
 */
export function explainNormalized(
  model: ScorerModel,
  normalized: NormalizedText,
  limit: number,
): { score: number; margin: number; contributions: Contribution[] } {
  const { count, indices, starts, ends } = extractFeatures(normalized, model.features);
  const script = scriptOf(normalized);
  if (count === 0)
    return {
      score: calibrate(model.calibration, model.bias, script),
      margin: model.bias,
      contributions: [],
    };
  const weights = model.codes;
  const scale = model.scale / Math.sqrt(count);
  // One pass looks each occurrence's code up (the costly part: a random read of the table),
  // keeps it in order, sums it, and counts the positive ones per code value: the strongest
  // `CANDIDATES` occurrences all have a code at or above `cut`, found from the top bins.
  if (occurrenceCodes.length < count) occurrenceCodes = new Int8Array(count * 2);
  const codes = occurrenceCodes;
  const bins = positiveBins.fill(0);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const w = weights[indices[k]!]!;
    codes[k] = w;
    sum += w;
    if (w > 0) bins[w]!++;
  }
  let cut = 128;
  for (let seen = 0; cut > 1 && seen < CANDIDATES;) seen += bins[--cut]!;
  // Strongest first; among equals, the earlier occurrence first.
  const best: number[] = [];
  for (let k = 0; k < count; k++) if (codes[k]! >= cut) best.push(k);
  best.sort((a, b) => codes[b]! - codes[a]! || a - b);
  if (best.length > CANDIDATES) best.length = CANDIDATES;
  const margin = model.bias + sum * scale;
  const contributions: Contribution[] = [];
  for (const k of best) {
    if (contributions.length >= limit) break;
    const start = starts[k]!;
    const end = ends[k]!;
    if (end <= start || contributions.some((c) => start < c.end && c.start < end)) continue;
    contributions.push({ start, end, weight: codes[k]! * scale });
  }
  return { score: calibrate(model.calibration, margin, script), margin, contributions };
}
