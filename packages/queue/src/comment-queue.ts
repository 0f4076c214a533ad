import type { CommentJob } from '@cm/contracts';
import { Queue, Worker, type Job, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';

export const COMMENT_QUEUE = 'comments';
export const MODERATE_JOB = 'moderate';

export const DEFAULT_BACKOFF_CAP_MS = 60_000;
export const DEFAULT_JOB_ATTEMPTS = 25;

/**
 * Exponential backoff from half a second, capped at `capMs`: with the defaults (25 attempts,
 * one minute) the tries span about 20 minutes of outage.
 */
export const retryDelayMs = (
  attemptsMade: number,
  capMs: number = DEFAULT_BACKOFF_CAP_MS,
): number => Math.min(capMs, 500 * 2 ** Math.max(0, attemptsMade - 1));

/** Options of every comment job; `attempts` is stored on the job when the API adds it. */
export const commentJobOptions = (attempts: number = DEFAULT_JOB_ATTEMPTS) =>
  ({
    attempts,
    backoff: { type: 'capped-exponential' },
    // Completed jobs are kept a day for inspection; the comment itself lives in Postgres.
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    // Failed jobs are kept: each one is an accepted comment someone must look at.
    removeOnFail: false,
  }) as const;

export type CommentQueue = Queue<CommentJob, void, typeof MODERATE_JOB>;

export function createCommentQueue(
  connection: Redis,
  prefix: string,
  options: { attempts?: number } = {},
): CommentQueue {
  return new Queue<CommentJob, void, typeof MODERATE_JOB>(COMMENT_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: commentJobOptions(options.attempts),
  });
}

/**
 * Adds the job for an accepted comment. The job id is the comment id, so adding the same
 * comment twice (a retried request with the same Idempotency-Key) is a no-op in BullMQ.
 * Resolves only once Redis has stored the job.
 */
export async function enqueueComment(queue: CommentQueue, job: CommentJob): Promise<void> {
  await queue.add(MODERATE_JOB, job, { jobId: job.commentId });
}

/** True while the job is still to be processed (waiting, delayed, active or being retried). */
export async function isCommentQueued(queue: CommentQueue, commentId: string): Promise<boolean> {
  const state = await queue.getJobState(commentId);
  return (
    state === 'waiting' ||
    state === 'delayed' ||
    state === 'active' ||
    state === 'prioritized' ||
    state === 'waiting-children' ||
    state === 'failed'
  );
}

export interface CommentWorkerOptions {
  concurrency: number;
  /** How long a job's lock lasts; a killed worker's jobs are retried after about this long. */
  lockDurationMs: number;
  /** Longest wait between two tries of a failing job. */
  backoffCapMs?: number;
}

export function createCommentWorker(
  connection: Redis,
  prefix: string,
  processor: Processor<CommentJob, void, typeof MODERATE_JOB>,
  options: CommentWorkerOptions,
): Worker<CommentJob, void, typeof MODERATE_JOB> {
  return new Worker<CommentJob, void, typeof MODERATE_JOB>(COMMENT_QUEUE, processor, {
    connection,
    prefix,
    autorun: false,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
    maxStalledCount: 10,
    settings: {
      backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, options.backoffCapMs),
    },
  });
}

export type { Job };
