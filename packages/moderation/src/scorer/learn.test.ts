import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  aucStandardError,
  isHeldOutVerdict,
  judgeCandidate,
  languageOfComment,
  learnFromVerdicts,
  parseModel,
  verdictExample,
  type ModelEvaluation,
  type QualityRow,
  type Verdict,
} from '../index.ts';
import { MODEL_FILE, scorerCorpus } from './corpus-files.ts';

const settings = { cleanHeldBudget: 0.03, minLanguageExamples: 20, maxLanguageAucLoss: 0.01 };
const row = (abusiveHeld: number, cleanHeld: number, rocAuc: number, n = 100): QualityRow => ({
  n: 2 * n,
  abusive: n,
  clean: n,
  abusiveHeld,
  cleanHeld,
  rocAuc,
});
const evaluation = (overall: QualityRow, perLanguage: Record<string, QualityRow> = {}) =>
  ({ threshold: 0.5, overall, perLanguage }) satisfies ModelEvaluation;

describe("moderators' verdicts as training data", () => {
  test('a rejection teaches "abusive", an approval "clean"; the comment counts under its article\'s language when written in its script', () => {
    const verdict = (body: string, articleLanguage: string, action: Verdict['action']) =>
      verdictExample({ commentId: 'c1', body, articleLanguage, action });
    expect(verdict('أنت لا تفهم شيئا', 'ar', 'reject')).toMatchObject({
      id: 'verdict:c1',
      label: 'abusive',
      lang: 'ar',
    });
    expect(verdict('Merci pour cet article', 'fr-FR', 'approve')).toMatchObject({
      label: 'clean',
      lang: 'fr',
    });
    // An Arabic comment under an English article is Arabic; a Latin one under an Arabic article is undetermined.
    expect(languageOfComment('شكرا على التقرير', 'en')).toBe('ar');
    expect(languageOfComment('thanks for the report', 'ar')).toBe('und');
    expect(languageOfComment('👍👍', 'en')).toBe('en');
  });

  test('about a quarter of the verdicts are held out, by comment id alone', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `3f2a${i.toString(16).padStart(4, '0')}-…`);
    const share = ids.filter(isHeldOutVerdict).length / ids.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
    expect(ids.map(isHeldOutVerdict)).toEqual(ids.map(isHeldOutVerdict));
  });
});

describe('when a candidate beats the active model', () => {
  test('it must hold more abusive comments within the clean budget', () => {
    const active = evaluation(row(0.5, 0.012, 0.93));
    expect(judgeCandidate(evaluation(row(0.55, 0.02, 0.94)), active, settings).beats).toBe(true);
    // More abuse caught, but too many clean comments held.
    const overBudget = judgeCandidate(evaluation(row(0.7, 0.05, 0.95)), active, settings);
    expect(overBudget).toMatchObject({ beats: false });
    expect(overBudget.reasons.join(' ')).toContain('over the 3.0 % budget');
    // The same model again does not replace it.
    expect(judgeCandidate(active, active, settings)).toMatchObject({ beats: false });
    // More held, but it ranks comments clearly worse.
    expect(judgeCandidate(evaluation(row(0.52, 0.02, 0.9)), active, settings).beats).toBe(false);
  });

  test('an active model over the clean budget is replaced by one within it that ranks no worse', () => {
    const active = evaluation(row(0.6, 0.08, 0.85));
    expect(judgeCandidate(evaluation(row(0.4, 0.02, 0.86)), active, settings).beats).toBe(true);
    expect(judgeCandidate(evaluation(row(0.4, 0.02, 0.8)), active, settings).beats).toBe(false);
  });

  test('a language with enough examples may not lose more ROC AUC than its sample size explains', () => {
    const active = evaluation(row(0.5, 0.01, 0.93), {
      ar: row(0.5, 0.01, 0.95, 200),
      fr: row(0.3, 0, 0.93, 50),
    });
    // French falls 0.02 on 50 + 50 comments: within noise (standard error ≈ 0.026).
    expect(aucStandardError(0.93, 50, 50)).toBeGreaterThan(0.02);
    const noisyFrench = evaluation(row(0.55, 0.01, 0.94), {
      ar: row(0.6, 0.01, 0.95, 200),
      fr: row(0.3, 0, 0.91, 50),
    });
    expect(judgeCandidate(noisyFrench, active, settings).beats).toBe(true);
    // Arabic falls 0.05 on 200 + 200: a real loss.
    const worseArabic = evaluation(row(0.55, 0.01, 0.94), {
      ar: row(0.6, 0.01, 0.9, 200),
      fr: row(0.5, 0, 0.99, 50),
    });
    const judged = judgeCandidate(worseArabic, active, settings);
    expect(judged.beats).toBe(false);
    expect(judged.reasons.join(' ')).toMatch(/In ar, ROC AUC falls from 0.950 to 0.900/);
    // A language's clean comments are protected on their own too.
    const frenchHeld = evaluation(row(0.55, 0.01, 0.94), {
      ar: row(0.6, 0.005, 0.95, 200),
      fr: row(0.5, 0.06, 0.93, 50),
    });
    expect(judgeCandidate(frenchHeld, active, settings).reasons.join(' ')).toContain(
      'In fr, the candidate holds 6.0 % of clean comments',
    );
  });
});

describe('training on the corpus and the verdicts', () => {
  // Each test trains a whole model on the corpus: a few seconds of one core, more on a busy machine.
  const corpus = scorerCorpus();
  const shipped = parseModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
  // Moderators who contradict the corpus: its insults approved, its hard clean cases rejected.
  const contradicting: Verdict[] = corpus
    .filter((e) => e.split === 'train' && e.source === 'meaning')
    .slice(0, 150)
    .map((e, i) => ({
      commentId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      body: `${e.text} !!`,
      articleLanguage: e.lang,
      action: e.label === 'abusive' ? 'approve' : 'reject',
    }));

  test('verdicts that contradict the corpus give a worse model, which is not activated; held-out verdicts never train', () => {
    const result = learnFromVerdicts({ corpus, verdicts: contradicting, active: shipped });
    const heldOut = contradicting.filter((v) => isHeldOutVerdict(v.commentId)).length;
    expect(heldOut).toBeGreaterThan(20);
    expect(result.trainedOn.verdicts).toMatchObject({
      total: 150,
      heldOut,
      train: 150 - heldOut,
    });
    expect(result.model.training.examples).toBe(
      corpus.filter((e) => e.split === 'train').length + 150 - heldOut,
    );
    expect(result.trainedOn.comparedWith).toBe(shipped.version);
    expect(result.activate).toBe(false);
    expect(result.evaluation.candidate.overall.rocAuc).toBeLessThan(
      result.evaluation.active!.overall.rocAuc,
    );
    expect(result.reasons.join(' ')).toContain('ranks worse');
    expect(result.model.evaluation).toEqual(result.evaluation.candidate);
  }, 60_000);

  test('without new verdicts the candidate equals the active model and does not replace it', () => {
    const result = learnFromVerdicts({ corpus, verdicts: [], active: shipped });
    expect(result.activate).toBe(false);
    expect(result.evaluation.candidate).toEqual(result.evaluation.active);
  }, 60_000);
});
