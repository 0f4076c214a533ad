import { evaluateModel, type LabelledText } from './evaluate.ts';
import type { ModelEvaluation, ScorerModel } from './model.ts';

export interface CompareOptions {
  /** Highest share of clean comments a model may hold at its operating point (default 0.03). */
  cleanHeldBudget?: number;
  /** How much more of the abusive comments the candidate must hold to win (default 0: any gain). */
  minGain?: number;
  /** How much ROC AUC any one language may lose (default 0.01). */
  maxLanguageAucLoss?: number;
  /** A language is judged on its own from this many abusive and this many clean examples (default 20). */
  minLanguageExamples?: number;
  /** Score at which both models hold (default 0.5, each model's operating point). */
  threshold?: number;
}

export interface ModelComparison {
  /** Whether the candidate should replace the active model. */
  better: boolean;
  /** Why, in sentences for the training job's log and the console. */
  reasons: string[];
  candidate: ModelEvaluation;
  active: ModelEvaluation | null;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Decides whether a newly trained model beats the active one on held-out comments neither was
 * trained on. The candidate wins when, at the operating point, it holds at most
 * `cleanHeldBudget` of the clean comments (or fewer than the active model does), holds more of
 * the abusive ones (ties broken by ROC AUC), and no language with enough examples loses more
 * than `maxLanguageAucLoss` of ROC AUC. With no active model, staying within the budget wins.
 */
export function compareModels(
  candidate: ScorerModel,
  active: ScorerModel | null,
  heldOut: readonly LabelledText[],
  options: CompareOptions = {},
): ModelComparison {
  const budget = options.cleanHeldBudget ?? 0.03;
  const minGain = options.minGain ?? 0;
  const maxLoss = options.maxLanguageAucLoss ?? 0.01;
  const minExamples = options.minLanguageExamples ?? 20;
  const threshold = options.threshold ?? 0.5;
  const mine = evaluateModel(candidate, heldOut, threshold);
  const theirs = active ? evaluateModel(active, heldOut, threshold) : null;
  const reasons: string[] = [];
  const c = mine.overall;
  const withinBudget = c.cleanHeld <= budget;
  if (!theirs) {
    reasons.push(
      withinBudget
        ? `No active model; the candidate holds ${pct(c.cleanHeld)} of clean comments, within the ${pct(budget)} budget.`
        : `The candidate holds ${pct(c.cleanHeld)} of clean comments, over the ${pct(budget)} budget.`,
    );
    return { better: withinBudget, reasons, candidate: mine, active: null };
  }
  const a = theirs.overall;
  let better = true;
  if (!withinBudget && c.cleanHeld >= a.cleanHeld) {
    better = false;
    reasons.push(
      `The candidate holds ${pct(c.cleanHeld)} of clean comments, over the ${pct(budget)} budget.`,
    );
  }
  if (a.cleanHeld > budget && withinBudget) {
    reasons.push(
      `The active model holds ${pct(a.cleanHeld)} of clean comments, over the budget; the candidate ${pct(c.cleanHeld)}.`,
    );
  } else if (
    c.abusiveHeld > a.abusiveHeld + minGain ||
    (c.abusiveHeld === a.abusiveHeld && c.rocAuc > a.rocAuc)
  ) {
    reasons.push(
      `The candidate holds ${pct(c.abusiveHeld)} of abusive comments, the active model ${pct(a.abusiveHeld)} (ROC AUC ${c.rocAuc.toFixed(3)} vs ${a.rocAuc.toFixed(3)}).`,
    );
  } else {
    better = false;
    reasons.push(
      `The candidate holds ${pct(c.abusiveHeld)} of abusive comments, not more than the active model's ${pct(a.abusiveHeld)}${minGain > 0 ? ` + ${pct(minGain)}` : ''} (ROC AUC ${c.rocAuc.toFixed(3)} vs ${a.rocAuc.toFixed(3)}).`,
    );
  }
  for (const [lang, row] of Object.entries(mine.perLanguage)) {
    const before = theirs.perLanguage[lang];
    if (!before || row.abusive < minExamples || row.clean < minExamples) continue;
    if (row.rocAuc < before.rocAuc - maxLoss) {
      better = false;
      reasons.push(
        `In ${lang}, ROC AUC falls from ${before.rocAuc.toFixed(3)} to ${row.rocAuc.toFixed(3)}.`,
      );
    }
  }
  return { better, reasons, candidate: mine, active: theirs };
}
