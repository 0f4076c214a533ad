import type { CommentJob } from '@cm/contracts';
import { Queue, Worker, type Job, type Processor } from 'bullmq';
import type { RedisClient } from './connection.ts';

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
  connection: RedisClient,
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

/**
 * Where a comment's job stands: `queued` while it is still to be processed (waiting, delayed,
 * active or between retries), `failed` once its tries are spent (it waits for an admin's retry),
 * null when there is no such job (never accepted, or completed and since removed).
 */
export async function commentJobState(
  queue: CommentQueue,
  commentId: string,
): Promise<'queued' | 'failed' | null> {
  const state = await queue.getJobState(commentId);
  if (state === 'failed') return 'failed';
  return state === 'waiting' ||
    state === 'delayed' ||
    state === 'active' ||
    state === 'prioritized' ||
    state === 'waiting-children'
    ? 'queued'
    : null;
}

/** A comment whose job failed for good: what an admin needs to decide on a retry. */
export interface FailedCommentJob {
  commentId: string;
  articleId: string;
  /** The last error, as the worker reported it. */
  error: string;
  attemptsMade: number;
  acceptedAt: Date;
  failedAt: Date | null;
}

/** Failed comment jobs, newest failure first (`start`/`end` index the failed set). */
export async function failedCommentJobs(
  queue: CommentQueue,
  start: number,
  end: number,
): Promise<{ items: FailedCommentJob[]; total: number }> {
  const [jobs, total] = await Promise.all([
    queue.getJobs(['failed'], start, end, false),
    queue.getJobCountByTypes('failed'),
  ]);
  const items = jobs
    .filter((job) => Boolean(job?.id))
    .map((job) => ({
      commentId: String(job.id),
      articleId: job.data.articleId,
      error: job.failedReason || 'unknown error',
      attemptsMade: job.attemptsMade,
      acceptedAt: new Date(job.timestamp),
      failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    }));
  return { items, total };
}

/**
 * Moves a failed comment job back to the queue for one more round of tries. Returns false when
 * the job is not (or no longer) failed — unknown, already retried by someone else, or done.
 * BullMQ moves the job atomically, so two admins retrying at once re-run it once.
 */
export async function retryFailedComment(queue: CommentQueue, commentId: string): Promise<boolean> {
  const job = await queue.getJob(commentId);
  if (!job) return false;
  try {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  } catch {
    // "Job is not in the failed state": someone else retried it, or it never failed.
    return false;
  }
}

/** Retries every failed comment job; returns how many were failed when it started. */
export async function retryAllFailedComments(queue: CommentQueue): Promise<number> {
  const count = await queue.getJobCountByTypes('failed');
  if (count > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
  return count;
}

export interface CommentWorkerOptions {
  concurrency: number;
  /** How long a job's lock lasts; a killed worker's jobs are retried after about this long. */
  lockDurationMs: number;
  /** Longest wait between two tries of a failing job. */
  backoffCapMs?: number;
}

/**
 * Worker settings for a queue whose failing jobs retry with capped exponential backoff: the lock
 * and the stalled check follow `lockDurationMs`. Shared by the comment and report workers.
 */
export const retryingWorkerSettings = (options: CommentWorkerOptions) =>
  ({
    autorun: false,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
    settings: {
      backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, options.backoffCapMs),
    },
  }) as const;

export function createCommentWorker(
  connection: RedisClient,
  prefix: string,
  processor: Processor<CommentJob, void, typeof MODERATE_JOB>,
  options: CommentWorkerOptions,
): Worker<CommentJob, void, typeof MODERATE_JOB> {
  return new Worker<CommentJob, void, typeof MODERATE_JOB>(COMMENT_QUEUE, processor, {
    connection,
    prefix,
    ...retryingWorkerSettings(options),
    maxStalledCount: 10,
  });
}

export type { Job };
