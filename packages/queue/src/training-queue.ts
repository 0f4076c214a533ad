import { Queue, Worker, type Processor } from 'bullmq';
import type { RedisClient } from './connection.ts';

/** The learned scorer's training runs: a queue of their own, processed by the worker processes. */
export const TRAINING_QUEUE = 'training';
export const TRAIN_JOB = 'train';
/** The id of the repeatable schedule (one per queue prefix, whichever worker sets it). */
export const TRAINING_SCHEDULER_ID = 'scheduled-training';
/** While a training run waits or runs, asking for another returns that one. */
const DEDUPLICATION_ID = 'train';

export interface TrainingJob {
  trigger: 'schedule' | 'on-demand';
  /** "system" for the schedule, else the admin's actor id. */
  requestedBy: string;
}

/** What a finished run reports (the job's return value). */
export interface TrainingOutcome {
  /** The stored version (scorer_models.version); for a skipped run, the latest one. */
  version: number;
  /** A scheduled run with no verdict changed since the last run trains nothing. */
  skipped: boolean;
  /** The model's own version id ("learned-1a2b3c4d"). */
  modelVersion: string;
  activated: boolean;
  reasons: string[];
  trainingMs: number;
}

export type TrainingQueue = Queue<TrainingJob, TrainingOutcome, typeof TRAIN_JOB>;

const jobOptions = {
  // A run that fails is not retried by itself: the next schedule or an admin tries again.
  attempts: 1,
  removeOnComplete: { age: 30 * 24 * 3600, count: 200 },
  removeOnFail: { age: 30 * 24 * 3600, count: 200 },
} as const;

export function createTrainingQueue(connection: RedisClient, prefix: string): TrainingQueue {
  return new Queue<TrainingJob, TrainingOutcome, typeof TRAIN_JOB>(TRAINING_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: jobOptions,
  });
}

/**
 * Asks for a training run now; resolves with its job id once Redis has stored it. While a run
 * is waiting or running, the answer is that run's id (one run at a time is enough: it reads
 * every verdict there is when it starts).
 */
export async function requestTraining(
  queue: TrainingQueue,
  requestedBy: string,
): Promise<{ jobId: string }> {
  const job = await queue.add(
    TRAIN_JOB,
    { trigger: 'on-demand', requestedBy },
    { deduplication: { id: DEDUPLICATION_ID } },
  );
  return { jobId: job.id! };
}

/** A run as the API reports it. */
export interface TrainingRun {
  id: string;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  trigger: TrainingJob['trigger'];
  requestedBy: string;
  requestedAt: Date;
  finishedAt: Date | null;
  outcome: TrainingOutcome | null;
  error: string | null;
}

/** The run with this job id, or null when Redis has none (never existed, or long removed). */
export async function trainingRun(
  queue: TrainingQueue,
  jobId: string,
): Promise<TrainingRun | null> {
  // The state first, then the job: a run that finishes between the two reads is reported as
  // still running (the next read sees it done), never as done without its outcome.
  const state = await queue.getJobState(jobId);
  const job = await queue.getJob(jobId);
  if (!job || state === 'unknown') return null;
  return {
    id: jobId,
    state: state === 'completed' || state === 'failed' || state === 'active' ? state : 'waiting',
    trigger: job.data.trigger,
    requestedBy: job.data.requestedBy,
    requestedAt: new Date(job.timestamp),
    finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    outcome: state === 'completed' ? (job.returnvalue ?? null) : null,
    error: state === 'failed' ? (job.failedReason ?? 'failed') : null,
  };
}

/** When scheduled runs happen: a cron pattern, a fixed interval, or never. */
export type TrainingSchedule = { pattern: string } | { everyMs: number } | null;

/**
 * Sets (or, with null, removes) the repeatable training job. Every worker process calls it at
 * start; upserting the same schedule is idempotent, so the schedule exists once per prefix.
 */
export async function scheduleTraining(
  queue: TrainingQueue,
  schedule: TrainingSchedule,
): Promise<void> {
  if (schedule === null) {
    await queue.removeJobScheduler(TRAINING_SCHEDULER_ID);
    return;
  }
  await queue.upsertJobScheduler(
    // BullMQ types the scheduler id as a job name; it is any string.
    TRAINING_SCHEDULER_ID as typeof TRAIN_JOB,
    'pattern' in schedule ? { pattern: schedule.pattern, tz: 'UTC' } : { every: schedule.everyMs },
    { name: TRAIN_JOB, data: { trigger: 'schedule', requestedBy: 'system' }, opts: jobOptions },
  );
}

/**
 * The training worker: one run at a time per process. A run is seconds to minutes of CPU work
 * (in a thread of its own, see services/worker/src/learn-in-thread.ts), so the lock outlasts it
 * by far and a stalled check cannot mistake a long run for a dead one.
 */
export function createTrainingWorker(
  connection: RedisClient,
  prefix: string,
  processor: Processor<TrainingJob, TrainingOutcome, typeof TRAIN_JOB>,
): Worker<TrainingJob, TrainingOutcome, typeof TRAIN_JOB> {
  return new Worker<TrainingJob, TrainingOutcome, typeof TRAIN_JOB>(TRAINING_QUEUE, processor, {
    connection,
    prefix,
    autorun: false,
    concurrency: 1,
    lockDuration: 10 * 60_000,
    stalledInterval: 5 * 60_000,
    maxStalledCount: 1,
  });
}
