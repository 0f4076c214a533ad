/**
 * The learned scorer: train, evaluate, compare, store and load models. All pure; the engine
 * runs a model through `compilePolicy(policy, { model })`.
 */
export {
  DEFAULT_FEATURES,
  DEFAULT_TRAINING,
  trainModel,
  type TrainingExample,
  type TrainOptions,
} from './train.ts';
export { evaluateModel, rocAuc, type LabelledText } from './evaluate.ts';
export { compareModels, type ModelComparison, type CompareOptions } from './compare.ts';
export {
  MODEL_FORMAT,
  modelFileSchema,
  parseModel,
  qualityRowSchema,
  serializeModel,
  type ModelFile,
} from './serialize.ts';
export {
  scoreNormalized,
  type Label,
  type ModelEvaluation,
  type QualityRow,
  type ScorerModel,
  type TrainingSummary,
} from './model.ts';
export { EVAL_SHARE, isEvaluation } from './split.ts';
export type { FeatureSettings } from './features.ts';
export {
  HELD_OUT_VERDICT_SHARE,
  isHeldOutVerdict,
  labelOfVerdict,
  languageOfComment,
  verdictExample,
  type Verdict,
} from './verdicts.ts';
export {
  aucStandardError,
  judgeCandidate,
  learnFromVerdicts,
  type Judgement,
  type CorpusExample,
  type LanguageCounts,
  type LearnInput,
  type LearnOptions,
  type LearnResult,
  type TrainingProvenance,
} from './learn.ts';
