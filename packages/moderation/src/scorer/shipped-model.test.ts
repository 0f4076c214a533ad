import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluateModel, parseModel } from '../index.ts';
import { MODEL_FILE, scorerCorpus } from './corpus-files.ts';
import { modelFileText, trainShippedModel } from './train-cli.ts';

const text = readFileSync(MODEL_FILE, 'utf8');
const model = parseModel(JSON.parse(text));
const evaluation = scorerCorpus().filter((e) => e.split === 'eval');

/**
 * The targets on the evaluation split: hold ≥ 85 % of abusive comments without listed
 * words and ≤ 3 % of clean ones, per language. The clean target is met and asserted. The
 * abusive target is NOT met by this model (see the package README: about 73 % in Arabic,
 * 64 % in English, 60 % in French); the floors below are today's measured numbers minus a
 * margin of about five points (one French abusive example is 1.9 points), so a change that
 * makes the scorer worse fails here.
 */
const CLEAN_HELD_TARGET = 0.03;
const ABUSIVE_HELD_FLOOR: Record<string, number> = { ar: 0.66, en: 0.59, fr: 0.52 };
const ROC_AUC_FLOOR = 0.94;

describe('the shipped scorer', () => {
  test('model.json is what npm run train:model makes from the corpus (retrain after changing either)', () => {
    expect(modelFileText(trainShippedModel().model)).toBe(text);
  }, 60_000);

  test('on the evaluation split it never trained on, it holds at most 3 % of clean comments in every language, and catches what it is measured to', () => {
    const quality = evaluateModel(model, evaluation);
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.log(
      'scorer on the evaluation split',
      Object.fromEntries(
        Object.entries({ ...quality.perLanguage, all: quality.overall }).map(([lang, r]) => [
          lang,
          `abusive held ${pct(r.abusiveHeld)} of ${r.abusive}, clean held ${pct(r.cleanHeld)} of ${r.clean}, ROC AUC ${r.rocAuc.toFixed(3)}`,
        ]),
      ),
    );
    expect(model.evaluation).toEqual(quality);
    for (const lang of ['ar', 'en', 'fr']) {
      const row = quality.perLanguage[lang]!;
      expect(row.cleanHeld, `${lang} clean held`).toBeLessThanOrEqual(CLEAN_HELD_TARGET);
      expect(row.abusiveHeld, `${lang} abusive held`).toBeGreaterThanOrEqual(
        ABUSIVE_HELD_FLOOR[lang]!,
      );
      expect(row.rocAuc, `${lang} ROC AUC`).toBeGreaterThanOrEqual(ROC_AUC_FLOOR);
    }
  });
});
