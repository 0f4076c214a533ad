import { CommentRepository } from '@cm/db';
import { parsePolicy } from '@cm/moderation';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@cm/worker';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let worker: RunningWorker | undefined;
beforeAll(async () => {
  // One try per job, so a comment that cannot be stored fails for good at once.
  stack = await startStack({ worker: false, env: { JOB_ATTEMPTS: '1' } });
});
afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
});

const post = async (articleId: string, body: string, name: string) => {
  const response = await call(stack.baseUrl, 'POST', `/api/v1/articles/${articleId}/comments`, {
    json: { body, author: { name } },
  });
  expect(response.status).toBe(202);
  return response.body.id as string;
};

test('a comment that cannot be stored fails alone: the comments moderated in the same batch are each stored exactly once', async () => {
  expect(
    (
      await call(stack.baseUrl, 'PUT', '/api/v1/articles/doomed', {
        token: stack.adminToken,
        json: { title: 'Short-lived', language: 'en' },
      })
    ).status,
  ).toBe(201);
  // Queued while no worker runs, so the worker takes them all at once, in the same batches.
  const good: string[] = [];
  for (let i = 0; i < 15; i++) good.push(await post('paris-raqqa', `تعليق هادئ رقم ${i}`, `R${i}`));
  const doomed = await post('doomed', 'A remark on a story that is about to vanish.', 'Late');
  for (let i = 15; i < 30; i++)
    good.push(await post('paris-raqqa', `تعليق هادئ رقم ${i}`, `R${i}`));
  // The article disappears before the worker gets to the comment: its row breaks the statement.
  await stack.db.article.delete({ where: { id: 'doomed' } });

  worker = await startWorker(
    loadWorkerConfig({
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
      WORKER_CONCURRENCY: '64',
    }),
    pino({ level: 'silent' }),
    { policy: parsePolicy({}), model: null },
  );
  const queue = new Queue('comments', {
    connection: { url: stack.redisUrl },
    prefix: stack.prefix,
  });
  try {
    await eventually(
      async () =>
        (await queue.getCompletedCount()) === good.length && (await queue.getFailedCount()) === 1
          ? true
          : undefined,
      30_000,
      'every good comment done and the doomed one failed',
    );
    const failed = await queue.getJob(doomed);
    expect(failed?.failedReason).not.toBe('');

    const rows = await stack.db.comment.findMany({ select: { id: true, status: true } });
    expect(rows.map((r) => r.id).sort()).toEqual([...good].sort());
    expect(rows.every((r) => r.status === 'APPROVED')).toBe(true);
    const decisions = await stack.db.decision.groupBy({
      by: ['commentId'],
      _count: { _all: true },
    });
    expect(decisions.map((d) => [d.commentId, d._count._all]).sort()).toEqual(
      [...good].sort().map((id) => [id, 1]),
    );
    const events = await stack.db.moderationEvent.groupBy({
      by: ['targetId'],
      where: { targetType: 'comment', type: 'comment.approved' },
      _count: { _all: true },
    });
    expect(events.map((e) => [e.targetId, e._count._all]).sort()).toEqual(
      [...good].sort().map((id) => [id, 1]),
    );
    // The readers see every good comment in the thread.
    const thread = await call(
      stack.baseUrl,
      'GET',
      '/api/v1/articles/paris-raqqa/comments?limit=100',
    );
    expect((thread.body.items as { id: string }[]).map((c) => c.id).sort()).toEqual(
      [...good].sort(),
    );
  } finally {
    await queue.close();
  }
});

test('storing a batch in which a comment comes twice (a redelivery) stores it once, and a later redelivery stores nothing', async () => {
  const comments = new CommentRepository(stack.db);
  const job = (body: string) => ({
    commentId: randomUUID(),
    articleId: 'paris-raqqa',
    parentId: null,
    body,
    author: { name: 'Twice', email: null },
    authorKey: `k-${randomUUID()}`,
    receivedAt: new Date().toISOString(),
    requestId: 'req-1',
  });
  const decision = { action: 'hold' as const, findings: [], policyVersion: 1, modelVersion: null };
  const [a, b] = [job('first'), job('second')];
  const now = new Date();
  expect(
    await comments.storeDecidedMany([
      { job: a, decision, decidedAt: now },
      { job: b, decision, decidedAt: now },
      { job: a, decision, decidedAt: now },
    ]),
  ).toEqual(['stored', 'stored', 'duplicate']);
  expect(await comments.storeDecidedMany([{ job: b, decision, decidedAt: now }])).toEqual([
    'duplicate',
  ]);
  for (const id of [a.commentId, b.commentId]) {
    expect(await stack.db.decision.count({ where: { commentId: id } })).toBe(1);
    expect(await stack.db.moderationEvent.count({ where: { targetId: id } })).toBe(1);
    expect(await comments.status(id)).toBe('pending');
  }
});
