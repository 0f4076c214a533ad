export { startWorker, type RunningWorker } from './main.ts';
export { workerEnvSchema, loadWorkerConfig, type WorkerConfig } from './config.ts';
export { loadPolicyFile, DEFAULT_POLICY_FILE } from './policy-file.ts';
export { loadModelFile, DEFAULT_MODEL_FILE } from './model-file.ts';
export { moderateComment } from './moderate-comment.ts';
export { trainScorer, type StoredEvaluation, type TrainScorerDeps } from './train-scorer.ts';
