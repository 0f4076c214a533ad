/**
 * Chooses the scorer's settings without the evaluation split: nested cross-validation on the
 * training split alone. Each outer fold trains a model (with its own inner folds choosing the
 * operating point) on the other folds and is measured on the fold it never saw, like the
 * evaluation split measures the shipped model: abusive meaning comments (no listed word) held,
 * and clean comments held, per language.
 *
 *   node --import tsx bench/scorer-cv.ts '{"naiveBayes":1}' '{"epochs":20}'
 */
import { normalize } from '../packages/moderation/src/normalize/normalize.ts';
import { scoreNormalized } from '../packages/moderation/src/scorer/model.ts';
import { evaluateModel } from '../packages/moderation/src/scorer/evaluate.ts';
import { scorerCorpus } from '../packages/moderation/src/scorer/corpus-files.ts';
import { stableHash } from '../packages/moderation/src/scorer/split.ts';
import { trainModel, type TrainOptions } from '../packages/moderation/src/scorer/train.ts';

/** Ids starting with this are trained on but never measured (to compare corpora on the same items). */
const MEASURE_EXCLUDES = process.env.MEASURE_EXCLUDES ?? '';
const OUTER = Number(process.env.OUTER ?? 4);
const train = scorerCorpus().filter((e) => e.split === 'train');
const outerFold = (id: string) => stableHash(id, 0x0badcafe) % OUTER;
const pct = (x: number) => Math.round(x * 1000) / 10;

for (const arg of process.argv.slice(2).length ? process.argv.slice(2) : ['{}']) {
  const options = JSON.parse(arg) as TrainOptions;
  const started = performance.now();
  const scored: { lang: string; label: string; meaning: boolean; held: boolean; score: number }[] =
    [];
  const aucs: Record<string, number[]> = {};
  for (let fold = 0; fold < OUTER; fold++) {
    const model = trainModel(
      train.filter((e) => outerFold(e.id) !== fold),
      options,
    );
    // Measured like the evaluation split: meaning comments and labelled clean ones.
    const held = train.filter(
      (e) =>
        outerFold(e.id) === fold &&
        (e.source === 'meaning' || e.label === 'clean') &&
        !(MEASURE_EXCLUDES && e.id.startsWith(MEASURE_EXCLUDES)),
    );
    const quality = evaluateModel(model, held);
    for (const [lang, row] of Object.entries(quality.perLanguage))
      (aucs[lang] ??= []).push(row.rocAuc);
    (aucs.all ??= []).push(quality.overall.rocAuc);
    for (const e of held) {
      const score = scoreNormalized(model, normalize(e.text));
      scored.push({
        lang: e.lang,
        label: e.label,
        meaning: e.source === 'meaning',
        held: score >= 0.5,
        score,
      });
    }
  }
  const row = (lang: string | null) => {
    const rows = scored.filter((s) => lang === null || s.lang === lang);
    const abusive = rows.filter((s) => s.label === 'abusive');
    const clean = rows.filter((s) => s.label === 'clean');
    const auc = aucs[lang ?? 'all']!;
    return `${lang ?? 'all'} abusive ${pct(abusive.filter((s) => s.held).length / abusive.length)}% (${abusive.length}) clean ${pct(clean.filter((s) => s.held).length / clean.length)}% (${clean.length}) auc ${(auc.reduce((a, b) => a + b, 0) / auc.length).toFixed(4)}`;
  };
  console.log(
    `${arg}  [${Math.round((performance.now() - started) / 1000)} s]\n  ${['ar', 'en', 'fr', null].map(row).join('\n  ')}`,
  );
}
