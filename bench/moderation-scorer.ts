/**
 * The learned scorer's part of `npm run bench:moderation`: the shipped model's size on disk and
 * in memory, and its quality on the evaluation split it never trained on (per language:
 * abusive comments held and clean comments held at the policy's default threshold, ROC AUC).
 */
import { readFileSync, statSync } from 'node:fs';
import {
  evaluateModel,
  parseModel,
  policySchema,
  type ScorerModel,
} from '../packages/moderation/src/index.ts';
import { MODEL_FILE, scorerCorpus } from '../packages/moderation/src/scorer/corpus-files.ts';

/** The shipped model, as the worker and the batch CLI load it. */
export function loadShippedModel(): ScorerModel {
  return parseModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
}

const pct = (x: number) => Math.round(x * 10_000) / 100;

export function scorerReport(model: ScorerModel) {
  const threshold = policySchema.parse({}).classifier.holdAt;
  const evaluation = scorerCorpus().filter((e) => e.split === 'eval');
  const quality = evaluateModel(model, evaluation, threshold);
  const row = (r: (typeof quality)['overall']) => ({
    abusive: r.abusive,
    clean: r.clean,
    abusiveHeldPercent: pct(r.abusiveHeld),
    cleanHeldPercent: pct(r.cleanHeld),
    rocAuc: Math.round(r.rocAuc * 1000) / 1000,
  });
  return {
    model: model.version,
    features: model.features,
    bytesOnDisk: statSync(MODEL_FILE).size,
    // The weights are the model: one byte per hash bucket; the rest is a few numbers.
    bytesInMemory: model.codes.byteLength,
    evaluationSplit: {
      threshold,
      overall: row(quality.overall),
      perLanguage: Object.fromEntries(
        Object.entries(quality.perLanguage).map(([lang, r]) => [lang, row(r)]),
      ),
    },
    targets: { abusiveHeldPercent: 85, cleanHeldPercent: 3 },
  };
}
