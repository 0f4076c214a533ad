import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRedisServer, type RedisServer } from '@cm/devstack';
import { parsePolicy } from '@cm/moderation';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@cm/worker';
import { pino } from 'pino';
import { afterAll, expect, test } from 'vitest';
import { call, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack | undefined;
let worker: RunningWorker | undefined;
let redis: RedisServer | undefined;
afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
  await redis?.stop();
});

test('comments accepted with a 202 survive Redis being killed (SIGKILL) and restarted, and are each stored once', async () => {
  // Redis as npm start and docker-compose run it: AOF, fsync every second.
  const dataDir = await mkdtemp(join(tmpdir(), 'cm-redis-aof-'));
  const port = await freePort();
  redis = await startRedisServer({ dataDir, port });
  stack = await startStack({ worker: false, redisUrl: redis.url });

  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
      json: { body: `تعليق قبل انهيار Redis رقم ${i}`, author: { name: `Reader ${i}` } },
    });
    expect(r.status).toBe(202);
    ids.push(r.body.id);
  }

  process.kill(redis.pid, 'SIGKILL');
  await eventually(
    async () => (isRunning(redis!.pid) ? undefined : true),
    5_000,
    'redis-server to die',
  );
  redis = await startRedisServer({ dataDir, port });

  worker = await startWorker(
    loadWorkerConfig({
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: stack.prefix,
    }),
    pino({ level: 'silent' }),
    { policy: parsePolicy({}) },
  );
  await eventually(
    async () => ((await stack!.db.comment.count()) === ids.length ? true : undefined),
    30_000,
    'every accepted comment to be stored',
  );
  const stored = await stack.db.comment.findMany({ select: { id: true } });
  expect(stored.map((c) => c.id).sort()).toEqual([...ids].sort());
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
