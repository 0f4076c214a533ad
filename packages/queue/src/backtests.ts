import { Queue, Worker, type Processor } from 'bullmq';
import type { RedisClient } from './connection.ts';

/**
 * Backtests: a candidate policy replayed over stored comments, in the worker, on a queue of
 * their own (`backtests`, one at a time per worker process) so they never hold up comments.
 * Their state and result live in Redis for `BACKTEST_TTL_SECONDS`; a backtest never writes a
 * decision.
 */
export const BACKTEST_QUEUE = 'backtests';
export const BACKTEST_JOB = 'backtest';
/** How long a backtest's progress and result are kept (a day). */
export const BACKTEST_TTL_SECONDS = 24 * 3600;

/** What the worker is asked to replay. The API has validated it (a policy is stored-form JSON). */
export interface BacktestJob {
  id: string;
  /** A saved policy version to test… */
  version?: number;
  /** …or a policy that was never saved (validated, every default filled in). */
  policy?: Record<string, unknown>;
  limit: number;
  articleId?: string;
  /** ISO 8601 bounds on the comments' creation time: since ≤ createdAt < until. */
  since?: string;
  until?: string;
}

export type BacktestStatus = 'queued' | 'running' | 'done' | 'failed';

/** A backtest as the API shows it; `result` is the worker's (see services/worker/src/backtest.ts). */
export interface BacktestRecord {
  id: string;
  status: BacktestStatus;
  /** 0–100. */
  progress: number;
  /** What was asked: the version, or "draft" for a policy sent inline, and the filters. */
  request: {
    version: number | null;
    limit: number;
    articleId: string | null;
    since: string | null;
    until: string | null;
  };
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  result: unknown;
}

export type BacktestQueue = Queue<BacktestJob, void, typeof BACKTEST_JOB>;

export function createBacktestQueue(connection: RedisClient, prefix: string): BacktestQueue {
  return new Queue<BacktestJob, void, typeof BACKTEST_JOB>(BACKTEST_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      // A replay is deterministic: a failure would fail again. The record says why.
      attempts: 1,
      removeOnComplete: { age: BACKTEST_TTL_SECONDS },
      removeOnFail: { age: BACKTEST_TTL_SECONDS },
    },
  });
}

export function createBacktestWorker(
  connection: RedisClient,
  prefix: string,
  processor: Processor<BacktestJob, void, typeof BACKTEST_JOB>,
): Worker<BacktestJob, void, typeof BACKTEST_JOB> {
  return new Worker<BacktestJob, void, typeof BACKTEST_JOB>(BACKTEST_QUEUE, processor, {
    connection,
    prefix,
    autorun: false,
    // One at a time per worker process: comments come first.
    concurrency: 1,
    lockDuration: 60_000,
  });
}

/** Backtest records in Redis (`<prefix>:backtest:<id>`), expiring after `BACKTEST_TTL_SECONDS`. */
export class BacktestStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds = BACKTEST_TTL_SECONDS,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:backtest:${id}`;
  }

  async put(record: BacktestRecord): Promise<void> {
    await this.redis.set(this.key(record.id), JSON.stringify(record), 'EX', this.ttlSeconds);
  }

  async get(id: string): Promise<BacktestRecord | null> {
    const text = await this.redis.get(this.key(id));
    return text ? (JSON.parse(text) as BacktestRecord) : null;
  }

  /** Changes some fields (the worker is the only writer once the job runs). */
  async update(id: string, patch: Partial<BacktestRecord>): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    await this.put({ ...current, ...patch });
  }
}
