import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@cm/devstack';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, eventually, startStack, type Stack } from '../support/stack.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
let stack: Stack;
let policyFile: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  stack = await startStack({ worker: false });
  policyFile = join(await mkdtemp(join(tmpdir(), 'cm-policy-')), 'policy.json');
  // The counts below are the word rules' (a fifth rejected, a fifth held): the learned scorer,
  // which the worker runs by default, is off so that a retrained model cannot move them.
  await writeFile(
    policyFile,
    JSON.stringify({
      bannedWords: ['حمار'],
      suspectWords: ['كذاب'],
      classifier: { enabled: false },
    }),
  );
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stack?.stop();
});

/** The worker exactly as production runs it: its own process, configured by environment. */
function startWorkerProcess(env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/worker/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
      MODERATION_POLICY_FILE: policyFile,
      WORKER_CONCURRENCY: '4',
      // A killed worker's jobs come back after about this long (the default is 30 s).
      WORKER_LOCK_DURATION_MS: '2000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

test('a worker killed in the middle of moderating still leaves every accepted comment stored exactly once', async () => {
  // Enough comments that the worker is surely mid-batch when it dies (it stores ~400/s here).
  const TOTAL = 200;
  const bodies = ['تعليق عادي', 'أنت حمار', 'هذا كذاب', 'A plain comment', 'Un commentaire'];
  const ids: string[] = [];
  for (let batch = 0; batch < TOTAL; batch += 20) {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, j) =>
        call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
          json: {
            body: `${bodies[(batch + j) % bodies.length]} #${batch + j}`,
            author: { name: `Reader ${batch + j}` },
          },
        }),
      ),
    );
    for (const r of responses) {
      expect(r.status).toBe(202);
      ids.push(r.body.id);
    }
  }

  const first = startWorkerProcess();
  // Kill it (no graceful close) as soon as it has stored something: it has more jobs in hand.
  await eventually(
    async () => ((await stack.db.comment.count()) > 0 ? true : undefined),
    30_000,
    'the first comment to be stored',
    5,
  );
  first.kill('SIGKILL');
  await once(first, 'exit');
  const storedAtKill = await stack.db.comment.count();
  const queue = new Queue('comments', {
    connection: { url: stack.redisUrl },
    prefix: stack.prefix,
  });
  try {
    // Jobs were in hand when the process died: they are still marked active, their locks unreleased.
    expect(await queue.getActiveCount()).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(ids.length);

    const metricsPort = await freePort();
    const second = startWorkerProcess({ WORKER_METRICS_PORT: String(metricsPort) });
    await eventually(
      async () => ((await stack.db.comment.count()) === ids.length ? true : undefined),
      45_000,
      'every comment to be stored',
    );
    await eventually(
      async () => ((await queue.getCompletedCount()) === ids.length ? true : undefined),
      15_000,
      'every job to complete',
    );

    const rows = await stack.db.comment.findMany({ select: { id: true, status: true } });
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const decisions = await stack.db.decision.groupBy({
      by: ['commentId'],
      _count: { _all: true },
    });
    expect(decisions).toHaveLength(ids.length);
    expect(decisions.every((d) => d._count._all === 1)).toBe(true);
    const audits = await stack.db.moderationEvent.groupBy({
      by: ['targetId'],
      where: { targetType: 'comment' },
      _count: { _all: true },
    });
    expect(audits).toHaveLength(ids.length);
    expect(audits.every((a) => a._count._all === 1)).toBe(true);
    // Rules still applied to the comments that were in hand at the crash.
    expect(rows.filter((r) => r.status === 'REJECTED')).toHaveLength(TOTAL / 5);
    expect(rows.filter((r) => r.status === 'PENDING')).toHaveLength(TOTAL / 5);
    expect(await queue.getFailedCount()).toBe(0);
    // The second worker found the dead one's jobs stalled, and says so in its metrics.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const stalled = /^worker_jobs_stalled_total (\d+)$/m.exec(metrics);
    expect(Number(stalled?.[1])).toBeGreaterThan(0);

    // And a worker asked to stop stops cleanly.
    second.kill('SIGTERM');
    const [code] = await once(second, 'exit');
    expect(code).toBe(0);
  } finally {
    await queue.close();
  }
});

test('a malformed job fails at once without retries, and stores nothing', async () => {
  const queue = new Queue('comments', {
    connection: { url: stack.redisUrl },
    prefix: stack.prefix,
  });
  const worker = startWorkerProcess();
  try {
    const job = await queue.add(
      'moderate',
      { commentId: 'not-a-uuid', body: 42 },
      { jobId: 'malformed-1', attempts: 5 },
    );
    const failed = await eventually(
      async () => ((await job.isFailed()) ? true : undefined),
      20_000,
      'the job to fail',
    );
    expect(failed).toBe(true);
    const reloaded = await queue.getJob('malformed-1');
    expect(reloaded?.attemptsMade).toBe(1);
    expect(reloaded?.failedReason).toContain('invalid comment job');
  } finally {
    worker.kill('SIGTERM');
    await once(worker, 'exit');
    await queue.close();
  }
});
