import { loadWorkerConfig, startWorker, type RunningWorker } from '@cm/worker';
import { parsePolicy } from '@cm/moderation';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let worker: RunningWorker | undefined;
beforeAll(async () => {
  // One try per job, so a job whose comment cannot be stored fails for good at once.
  stack = await startStack({ worker: false, env: { JOB_ATTEMPTS: '1' } });
});
afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
});

const putArticle = (id: string) =>
  call(stack.baseUrl, 'PUT', `/api/v1/articles/${id}`, {
    token: stack.adminToken,
    json: { title: 'Short-lived', language: 'en' },
  });

test('a comment whose job fails for good is reported as failed, listed for admins, and a retry stores it exactly once', async () => {
  expect((await putArticle('doomed')).status).toBe(201);
  const posted = await call(stack.baseUrl, 'POST', '/api/v1/articles/doomed/comments', {
    json: { body: 'A thoughtful remark about the story.', author: { name: 'Reader' } },
  });
  expect(posted.status).toBe(202);
  const id = posted.body.id as string;
  // The article disappears before the worker gets to the comment: storing it cannot succeed.
  await stack.db.article.delete({ where: { id: 'doomed' } });
  worker = await startWorker(
    loadWorkerConfig({
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
      JOB_ATTEMPTS: '1',
    }),
    pino({ level: 'silent' }),
    { policy: parsePolicy({}), model: null },
  );

  // The reader's status check tells the truth: not "pending" forever.
  await eventually(
    async () => {
      const status = await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`);
      return status.body.status === 'failed' ? true : undefined;
    },
    20_000,
    'the status to say failed',
  );

  // Admins see it in "needs attention", with the error; moderators may not.
  const failed = await call(stack.baseUrl, 'GET', '/api/v1/admin/jobs/failed', {
    token: stack.adminToken,
  });
  expect(failed.status).toBe(200);
  expect(failed.body.total).toBe(1);
  expect(failed.body.items[0]).toMatchObject({
    commentId: id,
    articleId: 'doomed',
    attemptsMade: 1,
  });
  expect(failed.body.items[0].error).not.toBe('');
  const moderator = await stack.createModerator('moderator');
  const forbidden = await call(stack.baseUrl, 'GET', '/api/v1/admin/jobs/failed', {
    token: moderator,
  });
  expect(forbidden.status).toBe(403);

  // The cause is fixed; two admins press retry at the same moment: the job re-runs once.
  expect((await putArticle('doomed')).status).toBe(201);
  const retries = await Promise.all(
    [1, 2].map(() =>
      call(stack.baseUrl, 'POST', `/api/v1/admin/jobs/${id}/retry`, { token: stack.adminToken }),
    ),
  );
  expect(retries.map((r) => r.status).sort()).toEqual([202, 409]);
  const conflict = retries.find((r) => r.status === 409)!;
  expect(conflict.headers.get('content-type')).toContain('application/problem+json');

  expect(await decided(stack, id)).toBe('approved');
  expect(await stack.db.comment.count({ where: { id } })).toBe(1);
  expect(await stack.db.decision.count({ where: { commentId: id } })).toBe(1);
  const status = await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`);
  expect(status.body.status).toBe('approved');
  const none = await call(stack.baseUrl, 'GET', '/api/v1/admin/jobs/failed', {
    token: stack.adminToken,
  });
  expect(none.body).toEqual({ items: [], total: 0 });
  const all = await call(stack.baseUrl, 'POST', '/api/v1/admin/jobs/retry-failed', {
    token: stack.adminToken,
  });
  expect(all.body).toEqual({ retried: 0 });
});

test('retrying a comment that never failed is a clear 409, and a malformed id is not a 500', async () => {
  for (const id of ['0b7b4f1e-9a52-4f55-9a0e-6d3f1f1d2a11', 'not-a-uuid']) {
    const response = await call(stack.baseUrl, 'POST', `/api/v1/admin/jobs/${id}/retry`, {
      token: stack.adminToken,
    });
    expect(response.status).toBe(409);
    expect(response.body.type).toMatch(/job-not-failed$/);
  }
});
