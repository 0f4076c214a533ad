import { Writable } from 'node:stream';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@cm/worker';
import { parsePolicy } from '@cm/moderation';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let worker: RunningWorker;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  stack = await startStack({ worker: false });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  worker = await startWorker(
    loadWorkerConfig({
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
    }),
    pino({ level: 'info' }, sink),
    { policy: parsePolicy({}), model: null },
  );
});
afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
});

test("one comment can be traced from the API's request into the worker's log lines", async () => {
  const posted = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body: 'Traced from end to end.', author: { name: 'Tracer' } },
    headers: { 'x-request-id': 'trace-me-0042' },
  });
  expect(posted.status).toBe(202);
  expect(posted.headers.get('x-request-id')).toBe('trace-me-0042');
  const id = posted.body.id as string;
  await decided(stack, id);
  const line = await eventually(
    async () => lines.find((l) => l.msg === 'comment moderated' && l.commentId === id),
    5_000,
    "the worker's line about the comment",
  );
  expect(line).toMatchObject({ jobId: id, commentId: id, requestId: 'trace-me-0042' });
});
