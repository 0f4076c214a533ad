import { normalize } from '../normalize/normalize.ts';
import type { Label, ModelEvaluation, QualityRow, ScorerModel } from './model.ts';
import { scoreNormalized } from './model.ts';

/** A comment with a moderator's verdict, in some language ("ar", "en", "fr", …). */
export interface LabelledText {
  text: string;
  label: Label;
  lang: string;
}

/**
 * Area under the ROC curve from scores and labels (ties count one half): the chance that a
 * random abusive comment scores higher than a random clean one. 0.5 with either class empty.
 */
export function rocAuc(scores: ArrayLike<number>, abusive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[a]! - scores[b]!,
  );
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1; // mean rank of the tie group, 1-based
    for (let k = i; k <= j; k++) {
      if (abusive[order[k]!]) {
        positives++;
        rankSum += rank;
      } else negatives++;
    }
    i = j + 1;
  }
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Quality of scores against labels at a threshold (a score at or above it holds). */
export function qualityOf(
  scores: ArrayLike<number>,
  abusive: ArrayLike<boolean>,
  threshold: number,
): QualityRow {
  let nAbusive = 0;
  let nClean = 0;
  let abusiveHeld = 0;
  let cleanHeld = 0;
  for (let i = 0; i < scores.length; i++) {
    const held = scores[i]! >= threshold;
    if (abusive[i]) {
      nAbusive++;
      if (held) abusiveHeld++;
    } else {
      nClean++;
      if (held) cleanHeld++;
    }
  }
  return {
    n: scores.length,
    abusive: nAbusive,
    clean: nClean,
    abusiveHeld: nAbusive === 0 ? 0 : abusiveHeld / nAbusive,
    cleanHeld: nClean === 0 ? 0 : cleanHeld / nClean,
    rocAuc: rocAuc(scores, abusive),
  };
}

/** Quality overall and per language of already computed scores. */
export function evaluateScores(
  scores: ArrayLike<number>,
  examples: readonly { label: Label; lang: string }[],
  threshold: number,
): ModelEvaluation {
  const abusive = examples.map((e) => e.label === 'abusive');
  const perLanguage: Record<string, QualityRow> = {};
  for (const lang of [...new Set(examples.map((e) => e.lang))].sort()) {
    const rows = examples.flatMap((e, i) => (e.lang === lang ? [i] : []));
    perLanguage[lang] = qualityOf(
      rows.map((i) => scores[i]!),
      rows.map((i) => abusive[i]!),
      threshold,
    );
  }
  return { threshold, overall: qualityOf(scores, abusive, threshold), perLanguage };
}

/**
 * How a model does on labelled comments: the share of abusive and of clean comments it holds
 * at `threshold` (default 0.5, the operating point chosen when it was trained) and its ROC AUC,
 * overall and per language. Pure; it normalizes and scores each comment like the engine.
 */
export function evaluateModel(
  model: ScorerModel,
  examples: readonly LabelledText[],
  threshold = 0.5,
): ModelEvaluation {
  const scores = examples.map((e) => scoreNormalized(model, normalize(e.text)));
  return evaluateScores(scores, examples, threshold);
}
