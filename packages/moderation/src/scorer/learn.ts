/**
 * The learning loop's pure core: from the corpus and the moderators' verdicts, train a candidate
 * scorer, measure it and the active model on examples neither trained on, and decide whether the
 * candidate replaces the active one. The service does the I/O around it (reading verdicts and
 * the active model, storing the version, telling the workers).
 */
import { evaluateModel } from './evaluate.ts';
import type { Label, ModelEvaluation, ScorerModel } from './model.ts';
import { DEFAULT_TRAINING, trainModel, type TrainingExample, type TrainOptions } from './train.ts';
import { isHeldOutVerdict, verdictExample, type Verdict } from './verdicts.ts';

/** An example of the repository's corpus with its fixed split (`scorerCorpus()` gives these). */
export interface CorpusExample {
  id: string;
  text: string;
  label: Label;
  lang: string;
  split: 'train' | 'eval';
}

export interface LearnOptions {
  /** Highest share of clean held-out comments a model may hold (default 0.03, the policy target). */
  cleanHeldBudget?: number;
  /** A language is judged on its own from this many held-out abusive and clean examples (default 20). */
  minLanguageExamples?: number;
  /** How much ROC AUC a language judged on its own may lose (default 0.01). */
  maxLanguageAucLoss?: number;
  /** Name in the model's version id (default "learned"). */
  name?: string;
  /** Training settings (default: the shipped model's). */
  training?: Omit<TrainOptions, 'name'>;
}

/** Counts of examples per language and label. */
export type LanguageCounts = Record<string, { abusive: number; clean: number }>;

/** What went into a trained model, stored with it. */
export interface TrainingProvenance {
  corpus: { train: number; heldOut: number };
  verdicts: {
    total: number;
    train: number;
    heldOut: number;
    /** Training verdicts per language and label. */
    perLanguage: LanguageCounts;
  };
  /** Every training example (corpus + verdicts) per language and label. */
  perLanguage: LanguageCounts;
  /** The held-out examples both models were measured on, per language and label. */
  heldOutPerLanguage: LanguageCounts;
  /** The version the candidate was compared with (null: none). */
  comparedWith: string | null;
  settings: { cleanHeldBudget: number; minLanguageExamples: number; maxLanguageAucLoss: number };
}

export interface LearnResult {
  /** The candidate, carrying its evaluation on the held-out examples. */
  model: ScorerModel;
  /** Whether it beats the active model (see `judgeCandidate`). */
  activate: boolean;
  /** Why, in sentences for the console and the log. */
  reasons: string[];
  evaluation: { candidate: ModelEvaluation; active: ModelEvaluation | null };
  trainedOn: TrainingProvenance;
}

function countByLanguage(examples: readonly { label: Label; lang: string }[]): LanguageCounts {
  const counts: LanguageCounts = {};
  for (const e of [...examples].sort((a, b) => (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0))) {
    (counts[e.lang] ??= { abusive: 0, clean: 0 })[e.label]++;
  }
  return counts;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Standard error of a ROC AUC measured on `abusive` and `clean` examples (Hanley & McNeil 1982):
 * how much it moves from one sample of that size to the next.
 */
export function aucStandardError(auc: number, abusive: number, clean: number): number {
  if (abusive === 0 || clean === 0) return 0.5;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance =
    (auc * (1 - auc) + (abusive - 1) * (q1 - auc * auc) + (clean - 1) * (q2 - auc * auc)) /
    (abusive * clean);
  return Math.sqrt(Math.max(0, variance));
}

export interface Judgement {
  beats: boolean;
  reasons: string[];
}

/**
 * Whether a candidate **beats** the active model, from their evaluations on the same held-out
 * comments, at the operating point (score ≥ 0.5 holds):
 *
 * 1. The candidate holds at most `cleanHeldBudget` of the clean comments overall.
 * 2. If the active model keeps within that budget too, the candidate holds a larger share of the
 *    abusive comments (the same share: a higher ROC AUC), and its ROC AUC is at most
 *    `maxLanguageAucLoss` lower. If the active model is over the budget, the candidate's ROC
 *    AUC must be at least the active one's: fewer clean comments held, without ranking worse.
 * 3. In every language with at least `minLanguageExamples` held-out abusive and clean comments,
 *    ROC AUC falls by no more than `maxLanguageAucLoss` or one standard error of the active
 *    model's AUC on that sample, whichever is larger (a few hundred comments are noisy), and
 *    the candidate holds at most the budget of that language's clean comments or no more than
 *    the active model.
 *
 * With no active model, rules 1 and 3's clean budget are enough.
 */
export function judgeCandidate(
  candidate: ModelEvaluation,
  active: ModelEvaluation | null,
  settings: { cleanHeldBudget: number; minLanguageExamples: number; maxLanguageAucLoss: number },
): Judgement {
  const { cleanHeldBudget: budget, minLanguageExamples: minExamples } = settings;
  const reasons: string[] = [];
  let beats = true;
  const c = candidate.overall;
  if (c.cleanHeld > budget) {
    beats = false;
    reasons.push(
      `The candidate holds ${pct(c.cleanHeld)} of clean comments, over the ${pct(budget)} budget.`,
    );
  }
  if (!active) {
    if (beats)
      reasons.push(
        `No active model to beat; the candidate holds ${pct(c.abusiveHeld)} of abusive and ${pct(c.cleanHeld)} of clean comments.`,
      );
  } else {
    const a = active.overall;
    const auc = `ROC AUC ${c.rocAuc.toFixed(3)} vs ${a.rocAuc.toFixed(3)}`;
    if (a.cleanHeld > budget) {
      if (c.rocAuc >= a.rocAuc) {
        reasons.push(
          `The active model holds ${pct(a.cleanHeld)} of clean comments, over the budget; the candidate ${pct(c.cleanHeld)}, ranking no worse (${auc}).`,
        );
      } else {
        beats = false;
        reasons.push(
          `The active model holds ${pct(a.cleanHeld)} of clean comments, over the budget, but the candidate ranks worse (${auc}).`,
        );
      }
    } else if (
      c.abusiveHeld > a.abusiveHeld ||
      (c.abusiveHeld === a.abusiveHeld && c.rocAuc > a.rocAuc)
    ) {
      reasons.push(
        `The candidate holds ${pct(c.abusiveHeld)} of abusive comments, the active model ${pct(a.abusiveHeld)} (${auc}).`,
      );
      if (c.rocAuc < a.rocAuc - settings.maxLanguageAucLoss) {
        beats = false;
        reasons.push(`But its ROC AUC is lower (${auc}).`);
      }
    } else {
      beats = false;
      reasons.push(
        `The candidate holds ${pct(c.abusiveHeld)} of abusive comments, not more than the active model's ${pct(a.abusiveHeld)} (${auc}).`,
      );
    }
  }
  for (const [lang, row] of Object.entries(candidate.perLanguage)) {
    if (row.abusive < minExamples || row.clean < minExamples) continue;
    const before = active?.perLanguage[lang];
    if (before) {
      const tolerance = Math.max(
        settings.maxLanguageAucLoss,
        aucStandardError(before.rocAuc, before.abusive, before.clean),
      );
      if (row.rocAuc < before.rocAuc - tolerance) {
        beats = false;
        reasons.push(
          `In ${lang}, ROC AUC falls from ${before.rocAuc.toFixed(3)} to ${row.rocAuc.toFixed(3)}, more than the ${tolerance.toFixed(3)} this sample allows.`,
        );
      }
    }
    if (row.cleanHeld > budget && (!before || row.cleanHeld > before.cleanHeld)) {
      beats = false;
      reasons.push(
        `In ${lang}, the candidate holds ${pct(row.cleanHeld)} of clean comments, over the ${pct(budget)} budget${before ? ` (the active model ${pct(before.cleanHeld)})` : ''}.`,
      );
    }
  }
  return { beats, reasons };
}

/** What a training run learns from (plain data: it crosses into a training thread as it is). */
export interface LearnInput {
  corpus: readonly CorpusExample[];
  verdicts: readonly Verdict[];
  active: ScorerModel | null;
  options?: LearnOptions;
}

/**
 * Trains on the corpus's training split plus the training share of the verdicts, and measures
 * the candidate and the active model on the held-out examples (the corpus's evaluation split
 * plus the held-out quarter of the verdicts, by comment id), which no model ever trains on;
 * `judgeCandidate` decides whether the candidate replaces the active model.
 */
export function learnFromVerdicts(input: LearnInput): LearnResult {
  const { corpus, verdicts, active, options = {} } = input;
  const settings = {
    cleanHeldBudget: options.cleanHeldBudget ?? 0.03,
    minLanguageExamples: options.minLanguageExamples ?? 20,
    maxLanguageAucLoss: options.maxLanguageAucLoss ?? 0.01,
  };
  const verdictTrain = verdicts.filter((v) => !isHeldOutVerdict(v.commentId)).map(verdictExample);
  const verdictHeldOut = verdicts.filter((v) => isHeldOutVerdict(v.commentId)).map(verdictExample);
  const corpusTrain = corpus.filter((e) => e.split === 'train');
  const corpusHeldOut = corpus.filter((e) => e.split === 'eval');
  const train: TrainingExample[] = [...corpusTrain, ...verdictTrain].map((e) => ({
    id: e.id,
    text: e.text,
    label: e.label,
    lang: e.lang,
  }));
  const heldOut = [...corpusHeldOut, ...verdictHeldOut];

  const trained = trainModel(train, {
    ...DEFAULT_TRAINING,
    ...options.training,
    name: options.name ?? 'learned',
  });
  const candidate = evaluateModel(trained, heldOut);
  const activeEvaluation = active ? evaluateModel(active, heldOut) : null;
  const { beats, reasons } = judgeCandidate(candidate, activeEvaluation, settings);
  return {
    model: { ...trained, evaluation: candidate },
    activate: beats,
    reasons,
    evaluation: { candidate, active: activeEvaluation },
    trainedOn: {
      corpus: { train: corpusTrain.length, heldOut: corpusHeldOut.length },
      verdicts: {
        total: verdicts.length,
        train: verdictTrain.length,
        heldOut: verdictHeldOut.length,
        perLanguage: countByLanguage(verdictTrain),
      },
      perLanguage: countByLanguage(train),
      heldOutPerLanguage: countByLanguage(heldOut),
      comparedWith: active?.version ?? null,
      settings,
    },
  };
}
