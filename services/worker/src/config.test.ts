import { describe, expect, test } from 'vitest';
import { databasePoolSize, loadWorkerConfig } from './config.ts';

const base = {
  DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
};

describe("the worker's configuration is checked once, at start-up", () => {
  test('only the required variables give a working configuration with documented defaults', () => {
    const config = loadWorkerConfig(base);
    expect(config).toMatchObject({
      WORKER_CONCURRENCY: 256,
      WORKER_BATCH_SIZE: 100,
      WORKER_LOCK_DURATION_MS: 30_000,
      QUEUE_PREFIX: '{cm}',
      AUTHOR_HISTORY_DAYS: 7,
      AUTHOR_HISTORY_ENTRIES: 20,
      THREAD_CACHE_TTL_SECONDS: 300,
      JOB_BACKOFF_MAX_MS: 60_000,
    });
    // The jobs in hand share batched statements: a few connections serve them all.
    expect(databasePoolSize(config)).toBe(10);
    expect(databasePoolSize(loadWorkerConfig({ ...base, WORKER_CONCURRENCY: '4' }))).toBe(6);
    expect(databasePoolSize(loadWorkerConfig({ ...base, DATABASE_POOL_SIZE: '3' }))).toBe(3);
  });

  test('a bad value names its variable', () => {
    expect(() => loadWorkerConfig({ ...base, AUTHOR_HISTORY_DAYS: '0' })).toThrow(
      /AUTHOR_HISTORY_DAYS="0"/,
    );
    expect(() => loadWorkerConfig({ ...base, QUEUE_PREFIX: 'no spaces' })).toThrow(
      /QUEUE_PREFIX="no spaces": must be 1–64/,
    );
  });

  test('the training schedule is a cron pattern, an interval or 0 for never; default daily', () => {
    expect(loadWorkerConfig(base).TRAINING_SCHEDULE).toEqual({ pattern: '0 3 * * *' });
    const schedule = (value: string) =>
      loadWorkerConfig({ ...base, TRAINING_SCHEDULE: value }).TRAINING_SCHEDULE;
    expect(schedule('0')).toBeNull();
    expect(schedule('off')).toBeNull();
    expect(schedule('6h')).toEqual({ everyMs: 6 * 3_600_000 });
    expect(schedule('30 2 * * 1')).toEqual({ pattern: '30 2 * * 1' });
    expect(() => schedule('daily')).toThrow(/TRAINING_SCHEDULE="daily": must be 0/);
    expect(() => schedule('1s')).toThrow(/TRAINING_SCHEDULE="1s"/);
  });
});
