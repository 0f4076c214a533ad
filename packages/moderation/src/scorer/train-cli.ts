/**
 * Trains the shipped scorer on the train split of the corpora, evaluates it on the evaluation
 * split it never saw, writes packages/moderation/corpus/model.json and prints a JSON report.
 * Deterministic: the same corpus gives the same file, byte for byte.
 *
 *   npm run train:model                 # train, evaluate, write the model
 *   npm run train:model -- --check      # train and evaluate; fail if model.json differs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compilePolicy, moderate, normalize, parsePolicy } from '../index.ts';
import { CORPUS_DIR, MODEL_FILE, scorerCorpus, type ScorerExample } from './corpus-files.ts';
import { evaluateModel, evaluateScores } from './evaluate.ts';
import { scoreNormalized, type QualityRow, type ScorerModel } from './model.ts';
import { serializeModel } from './serialize.ts';
import { trainModel, type TrainOptions } from './train.ts';

/** The settings of the shipped model, chosen by cross-validation on the train split (README). */
export const SHIPPED_OPTIONS: TrainOptions = { name: 'scorer' };

/** The model file's text: JSON with two-space indentation and a final newline. */
export function modelFileText(model: ScorerModel): string {
  return `${JSON.stringify(serializeModel(model), null, 2)}\n`;
}

function breakdown(
  model: ScorerModel,
  examples: ScorerExample[],
  key: (e: ScorerExample) => string | null,
) {
  const groups = new Map<string, ScorerExample[]>();
  for (const e of examples) {
    const k = key(e);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return Object.fromEntries(
    [...groups].sort().map(([k, list]) => {
      const { overall } = evaluateModel(model, list);
      return [
        k,
        {
          n: overall.n,
          abusiveHeld: round(overall.abusiveHeld),
          cleanHeld: round(overall.cleanHeld),
        },
      ];
    }),
  );
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Trains, evaluates and describes the shipped model. */
export function trainShippedModel(examples: ScorerExample[] = scorerCorpus()) {
  const train = examples.filter((e) => e.split === 'train');
  const evaluation = examples.filter((e) => e.split === 'eval');
  const trained = trainModel(train, SHIPPED_OPTIONS);
  const model: ScorerModel = { ...trained, evaluation: evaluateModel(trained, evaluation) };

  // The whole engine (word rules + scorer) with the default policy, on the same split.
  const policy = parsePolicy(JSON.parse(readFileSync(`${CORPUS_DIR}/policy.json`, 'utf8')));
  const engine = compilePolicy(policy, { model });
  const now = new Date('2026-01-01T00:00:00Z');
  const held = evaluation.map((e) =>
    moderate({ body: e.text }, engine, { now }).action === 'approve' ? 0 : 1,
  );
  const engineQuality = evaluateScores(held, evaluation, 0.5);
  // Held or not is all the engine says: ROC AUC of a yes/no answer would mislead.
  const heldShares = (row: QualityRow) => ({
    n: row.n,
    abusiveHeld: round(row.abusiveHeld),
    cleanHeld: round(row.cleanHeld),
  });
  const meaningScores = evaluation.filter((e) => e.source === 'meaning');
  return {
    model,
    report: {
      model: model.version,
      trainedOn: { examples: train.length, perLanguage: model.training.perLanguage },
      evaluatedOn: evaluation.length,
      crossValidation: model.training.validation,
      evaluation: model.evaluation,
      engineWithDefaultPolicy: {
        perLanguage: Object.fromEntries(
          Object.entries(engineQuality.perLanguage).map(([lang, row]) => [lang, heldShares(row)]),
        ),
        overall: heldShares(engineQuality.overall),
      },
      byDialect: breakdown(model, meaningScores, (e) => e.dialect),
      byCategory: breakdown(model, meaningScores, (e) => `${e.label}/${e.category}`),
      labelledCleanHeld: breakdown(
        model,
        evaluation.filter((e) => e.source === 'labelled'),
        (e) => e.lang,
      ),
      missedExamples: meaningScores
        .filter((e) => e.label === 'abusive' && scoreNormalized(model, normalize(e.text)) < 0.5)
        .slice(0, 12)
        .map((e) => `${e.id}: ${e.text}`),
      cleanHeldExamples: evaluation
        .filter((e) => e.label === 'clean' && scoreNormalized(model, normalize(e.text)) >= 0.5)
        .map((e) => `${e.id}: ${e.text}`),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } } });
  const { model, report } = trainShippedModel();
  const text = modelFileText(model);
  let written = false;
  if (values.check) {
    const current = readFileSync(MODEL_FILE, 'utf8');
    if (current !== text) {
      console.error(`${MODEL_FILE} is not what the corpus trains; run npm run train:model`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(MODEL_FILE, text);
    written = true;
  }
  console.log(
    JSON.stringify(
      { ...report, file: written ? MODEL_FILE : null, bytes: Buffer.byteLength(text) },
      null,
      2,
    ),
  );
}
