import { normalize } from '../normalize/normalize.ts';
import { evaluateScores } from './evaluate.ts';
import {
  extractFeatures,
  MAX_CHAR_GRAM,
  scriptOf,
  type FeatureSettings,
  type Script,
} from './features.ts';
import {
  calibrate,
  type Calibration,
  type Label,
  type ScorerModel,
  type TrainingSummary,
} from './model.ts';
import { modelVersion, quantize, type Quantized } from './serialize.ts';
import { foldOf } from './split.ts';

/** One comment to learn from. `id` keeps its validation fold stable (default: the text). */
export interface TrainingExample {
  id?: string;
  text: string;
  label: Label;
  lang: string;
  /** How much this example counts (default 1). */
  weight?: number;
}

export interface TrainOptions {
  features?: Partial<FeatureSettings>;
  /** Passes over the examples. */
  epochs?: number;
  /** AdaGrad step size. */
  learningRate?: number;
  /** L2 penalty on the weights an example touches. */
  l2?: number;
  /** "balanced": each class weighs as much as the other in total; or explicit weights. */
  classWeights?: 'balanced' | { abusive: number; clean: number };
  seed?: number;
  /** Cross-validation folds used to choose the operating point (≥ 2). */
  folds?: number;
  /** Share of clean validation comments allowed at or above the operating point. */
  cleanHeldTarget?: number;
  /** Name in the version id (`name-<hash>`). */
  name?: string;
  /**
   * Scale each feature by its naive Bayes log-count ratio before the regression (NB-LR, Wang
   * and Manning 2012); the model stays linear. 0 turns it off; else the smoothing α.
   */
  naiveBayes?: number;
  /** Choose the operating point for Arabic-script and Latin-script comments separately. */
  perScript?: boolean;
}

/** A script gets its own operating point from this many clean training comments. */
const MIN_CLEAN_PER_SCRIPT = 100;

export const DEFAULT_FEATURES: FeatureSettings = {
  hashBits: 18,
  charMin: 2,
  charMax: 4,
  wordMax: 2,
  symbols: true,
};

/** Chosen by cross-validation on the corpus train split (see the package README). */
export const DEFAULT_TRAINING = {
  epochs: 12,
  learningRate: 0.3,
  l2: 1e-4,
  seed: 1,
  folds: 5,
  cleanHeldTarget: 0.02,
  naiveBayes: 1,
  perScript: true,
  name: 'scorer',
} as const;

/** A comment as the trainer sees it: unique feature buckets and their values. */
interface Vector {
  indices: Int32Array;
  values: Float32Array;
  script: Script;
  y: number;
  weight: number;
}

/**
 * A comment's features as the engine sums them: each bucket counted as often as it occurs,
 * divided by the square root of the number of occurrences (`sumFeatures`).
 */
function vectorize(
  text: string,
  features: FeatureSettings,
): { indices: Int32Array; values: Float32Array; script: Script } {
  const normalized = normalize(text);
  const script = scriptOf(normalized);
  const { count, indices } = extractFeatures(normalized, features);
  const sorted = indices.slice(0, count).sort();
  const unique: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < sorted.length; k++) {
    if (k > 0 && sorted[k] === sorted[k - 1]) counts[counts.length - 1]!++;
    else {
      unique.push(sorted[k]!);
      counts.push(1);
    }
  }
  const scale = count === 0 ? 0 : 1 / Math.sqrt(count);
  return {
    indices: Int32Array.from(unique),
    values: Float32Array.from(counts, (c) => c * scale),
    script,
  };
}

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fitted {
  weights: Float32Array;
  bias: number;
}

/** Logistic regression by AdaGrad, examples in a seeded random order each epoch. */
function fit(
  vectors: readonly Vector[],
  size: number,
  options: { epochs: number; learningRate: number; l2: number; seed: number; naiveBayes: number },
): Fitted {
  const ratio = options.naiveBayes > 0 ? logCountRatios(vectors, size, options.naiveBayes) : null;
  if (ratio) {
    vectors = vectors.map((v) => ({
      ...v,
      values: v.values.map((x, k) => x * ratio[v.indices[k]!]!),
    }));
  }
  const weights = new Float32Array(size);
  const squares = new Float32Array(size);
  let bias = 0;
  let biasSquares = 0;
  const next = random(options.seed);
  const order = vectors.map((_, i) => i);
  const { learningRate, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const { indices, values, y, weight } = vectors[index]!;
      let margin = bias;
      for (let k = 0; k < indices.length; k++) margin += weights[indices[k]!]! * values[k]!;
      const p = 1 / (1 + Math.exp(-margin));
      const g = (p - y) * weight;
      for (let k = 0; k < indices.length; k++) {
        const j = indices[k]!;
        const grad = g * values[k]! + l2 * weights[j]!;
        squares[j]! += grad * grad;
        weights[j]! -= (learningRate * grad) / (Math.sqrt(squares[j]!) + 1e-8);
      }
      biasSquares += g * g;
      bias -= (learningRate * g) / (Math.sqrt(biasSquares) + 1e-8);
    }
  }
  if (ratio) for (let j = 0; j < size; j++) weights[j]! *= ratio[j]!;
  return { weights, bias };
}

/** log((α + abusive occurrences) / Σ) − log((α + clean occurrences) / Σ), per bucket. */
function logCountRatios(vectors: readonly Vector[], size: number, alpha: number): Float32Array {
  const abusive = new Float64Array(size).fill(alpha);
  const clean = new Float64Array(size).fill(alpha);
  for (const { indices, y } of vectors) {
    const into = y === 1 ? abusive : clean;
    for (let k = 0; k < indices.length; k++) into[indices[k]!]! += 1;
  }
  let sumAbusive = 0;
  let sumClean = 0;
  for (let j = 0; j < size; j++) {
    sumAbusive += abusive[j]!;
    sumClean += clean[j]!;
  }
  const ratio = new Float32Array(size);
  for (let j = 0; j < size; j++)
    ratio[j] = Math.log(abusive[j]! / sumAbusive) - Math.log(clean[j]! / sumClean);
  return ratio;
}

function marginsOf(fitted: Fitted, vectors: readonly Vector[]): Float64Array {
  const margins = new Float64Array(vectors.length);
  vectors.forEach(({ indices, values }, i) => {
    let margin = fitted.bias;
    for (let k = 0; k < indices.length; k++) margin += fitted.weights[indices[k]!]! * values[k]!;
    margins[i] = margin;
  });
  return margins;
}

/**
 * The operating point: the lowest margin that holds at most `target` of the clean examples
 * (halfway between the last clean margin allowed over it and the next one below).
 */
export function operatingMargin(
  margins: ArrayLike<number>,
  labels: ArrayLike<number>,
  target: number,
): number {
  const clean: number[] = [];
  for (let i = 0; i < margins.length; i++) if (labels[i] === 0) clean.push(margins[i]!);
  if (clean.length === 0) return 0;
  clean.sort((a, b) => b - a);
  const allowed = Math.floor(target * clean.length);
  if (allowed >= clean.length) return clean[clean.length - 1]! - 1e-6;
  const above = allowed === 0 ? clean[0]! + 1 : clean[allowed - 1]!;
  return (above + clean[allowed]!) / 2;
}

/**
 * Trains a scorer on labelled comments. Pure and deterministic: the same examples, in any
 * order, and options give the same model, byte for byte.
 *
 * 1. Each comment is normalized like the engine does and hashed into features.
 * 2. `folds`-fold cross-validation (folds by a hash of the id) gives every example a score from
 *    a model that never saw it; the operating point is the lowest score that holds at most
 *    `cleanHeldTarget` of the clean ones.
 * 3. The model is the mean of the fold models (one linear model), its weights quantized to 8
 *    bits, and calibrated so that its score is 0.5 at the operating point.
 *
 * Cost: folds × epochs passes over the examples; about 3 s for 2,000 comments on one core.
 */
export function trainModel(
  examples: readonly TrainingExample[],
  options: TrainOptions = {},
): ScorerModel {
  const features: FeatureSettings = { ...DEFAULT_FEATURES, ...options.features };
  if (
    features.charMax > MAX_CHAR_GRAM ||
    features.charMin < 1 ||
    features.charMin > features.charMax
  ) {
    throw new Error(`character n-grams must lie within 1…${MAX_CHAR_GRAM}`);
  }
  if (features.hashBits < 10 || features.hashBits > 24)
    throw new Error('hashBits must lie within 10…24');
  const settings = {
    epochs: options.epochs ?? DEFAULT_TRAINING.epochs,
    learningRate: options.learningRate ?? DEFAULT_TRAINING.learningRate,
    l2: options.l2 ?? DEFAULT_TRAINING.l2,
    seed: options.seed ?? DEFAULT_TRAINING.seed,
    naiveBayes: options.naiveBayes ?? DEFAULT_TRAINING.naiveBayes,
  };
  const folds = options.folds ?? DEFAULT_TRAINING.folds;
  if (folds < 2) throw new Error('folds must be at least 2');
  const cleanHeldTarget = options.cleanHeldTarget ?? DEFAULT_TRAINING.cleanHeldTarget;
  const abusiveCount = examples.filter((e) => e.label === 'abusive').length;
  const cleanCount = examples.length - abusiveCount;
  if (abusiveCount === 0 || cleanCount === 0)
    throw new Error('training needs abusive and clean examples');
  const classWeights =
    options.classWeights === undefined || options.classWeights === 'balanced'
      ? { abusive: examples.length / (2 * abusiveCount), clean: examples.length / (2 * cleanCount) }
      : options.classWeights;

  // One order whatever order the examples come in, so the same verdicts give the same model.
  const key = (e: TrainingExample) => e.id ?? e.text;
  examples = [...examples].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0,
  );
  const size = 2 ** features.hashBits;
  const vectors: Vector[] = examples.map((e) => ({
    ...vectorize(e.text, features),
    y: e.label === 'abusive' ? 1 : 0,
    weight: (e.weight ?? 1) * classWeights[e.label],
  }));
  const labels = vectors.map((v) => v.y);

  // Out-of-fold margins: each example scored by a model trained without its fold.
  const foldOfExample = examples.map((e) => foldOf(key(e), folds));
  const outOfFold = new Float64Array(examples.length);
  const fitted: Fitted[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const held = vectors.flatMap((_, i) => (foldOfExample[i] === fold ? [i] : []));
    const model = fit(
      vectors.filter((_, i) => foldOfExample[i] !== fold),
      size,
      settings,
    );
    fitted.push(model);
    const margins = marginsOf(
      quantized(model),
      held.map((i) => vectors[i]!),
    );
    held.forEach((i, k) => (outOfFold[i] = margins[k]!));
  }
  const calibration: Calibration = {
    offset: operatingMargin(outOfFold, labels, cleanHeldTarget),
    slope: 1,
    scripts: {},
  };
  if (options.perScript ?? DEFAULT_TRAINING.perScript) {
    for (const script of ['arabic', 'latin'] as const) {
      const rows = vectors.flatMap((v, i) => (v.script === script ? [i] : []));
      if (rows.filter((i) => labels[i] === 0).length < MIN_CLEAN_PER_SCRIPT) continue;
      calibration.scripts[script] = operatingMargin(
        rows.map((i) => outOfFold[i]!),
        rows.map((i) => labels[i]!),
        cleanHeldTarget,
      );
    }
  }
  const validationScores = Array.from(outOfFold, (m, i) =>
    calibrate(calibration, m, vectors[i]!.script),
  );

  // The shipped model is the mean of the fold models (each trained on all but one fold), not a
  // model refitted on everything: a refitted model is more confident than the fold models the
  // operating point was chosen with, and would hold more clean comments than measured.
  const final = quantized(average(fitted, size));
  const perLanguage: TrainingSummary['perLanguage'] = {};
  for (const e of examples) {
    const row = (perLanguage[e.lang] ??= { abusive: 0, clean: 0 });
    row[e.label]++;
  }
  const training: TrainingSummary = {
    examples: examples.length,
    perLanguage,
    ...settings,
    classWeights,
    folds,
    cleanHeldTarget,
    validation: evaluateScores(validationScores, examples, 0.5),
  };
  const name = options.name ?? DEFAULT_TRAINING.name;
  return {
    version: modelVersion(name, features, final, final.bias, calibration),
    features,
    codes: final.codes,
    scale: final.scale,
    bias: final.bias,
    calibration,
    training,
  };
}

/** The mean of linear models: one linear model. */
function average(models: readonly Fitted[], size: number): Fitted {
  const weights = new Float32Array(size);
  let bias = 0;
  for (const model of models) {
    for (let j = 0; j < size; j++) weights[j]! += model.weights[j]! / models.length;
    bias += model.bias / models.length;
  }
  return { weights, bias };
}

/** The fitted model as it will run: weights through their 8-bit stored form. */
function quantized(fitted: Fitted): Fitted & Quantized {
  const { codes, scale } = quantize(fitted.weights);
  return { weights: Float32Array.from(codes, (c) => c * scale), codes, scale, bias: fitted.bias };
}
