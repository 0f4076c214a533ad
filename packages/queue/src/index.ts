export { createRedis, waitForRedis } from './connection.ts';
export {
  COMMENT_QUEUE,
  MODERATE_JOB,
  COMMENT_JOB_OPTIONS,
  retryDelayMs,
  createCommentQueue,
  enqueueComment,
  isCommentQueued,
  createCommentWorker,
  type CommentQueue,
  type CommentWorkerOptions,
  type Job,
} from './comment-queue.ts';
export { UnrecoverableError, type Worker } from 'bullmq';
export { ThreadCache } from './thread-cache.ts';
