export {
  createRedis,
  duplicateRedis,
  isClusterUrl,
  keyPrefixFor,
  waitForRedis,
  type RedisClient,
} from './connection.ts';
export {
  COMMENT_QUEUE,
  MODERATE_JOB,
  commentJobOptions,
  DEFAULT_JOB_ATTEMPTS,
  DEFAULT_BACKOFF_CAP_MS,
  retryDelayMs,
  createCommentQueue,
  enqueueComment,
  commentJobState,
  failedCommentJobs,
  retryFailedComment,
  retryAllFailedComments,
  type FailedCommentJob,
  createCommentWorker,
  type CommentQueue,
  type CommentWorkerOptions,
  type Job,
} from './comment-queue.ts';
export { UnrecoverableError, type Worker } from 'bullmq';
export { CommentJobBatcher } from './comment-job-batcher.ts';
export { ThreadCache } from './thread-cache.ts';
export {
  LocalThreadCache,
  threadInvalidationChannel,
  type CachedPage,
  type LocalThreadCacheOptions,
} from './local-thread-cache.ts';
export {
  CommentAdmission,
  GateVersion,
  type Admission,
  type IdempotencyRecord,
} from './comment-admission.ts';
export {
  RedisCommentRateLimiter,
  RedisReportRateLimiter,
  type CommentBudgets,
  type ReportBudgets,
} from './rate-limiter.ts';
export {
  REPORT_QUEUE,
  REVIEW_REPORTS_JOB,
  createReportQueue,
  createReportWorker,
  enqueueReportReview,
  type ReportQueue,
} from './report-queue.ts';
export { EventStream, isStreamId, type LiveEvent, type StreamEntry } from './event-stream.ts';
export { ConfigBus, type ConfigChange } from './config-bus.ts';
export {
  NearDuplicateIndex,
  type FingerprintEntry,
  type NearMatch,
  type NearDuplicateIndexOptions,
} from './near-duplicate-index.ts';
export { ClaimStore, type Claim } from './claim-store.ts';
export { RedisAuthFailureLimiter, type AuthFailureBudget } from './auth-failure-limiter.ts';
export {
  TRAINING_QUEUE,
  TRAIN_JOB,
  TRAINING_SCHEDULER_ID,
  createTrainingQueue,
  createTrainingWorker,
  requestTraining,
  scheduleTraining,
  trainingRun,
  type TrainingJob,
  type TrainingOutcome,
  type TrainingQueue,
  type TrainingRun,
  type TrainingSchedule,
} from './training-queue.ts';
export {
  BACKTEST_JOB,
  BACKTEST_QUEUE,
  BACKTEST_TTL_SECONDS,
  BacktestStore,
  createBacktestQueue,
  createBacktestWorker,
  type BacktestJob,
  type BacktestQueue,
  type BacktestRecord,
  type BacktestStatus,
} from './backtests.ts';
export {
  DELIVER_WEBHOOK_JOB,
  WEBHOOK_QUEUE,
  createWebhookQueue,
  createWebhookWorker,
  enqueueWebhookDeliveries,
  webhookJobId,
  webhookRetryDelayMs,
  type WebhookJob,
  type WebhookQueue,
  type WebhookRetrySettings,
} from './webhook-queue.ts';
