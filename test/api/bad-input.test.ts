import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, startStack, type JsonResponse, type Stack } from '../support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await call(stack.baseUrl, 'PUT', '/api/v1/articles/closed-article', {
    token: stack.adminToken,
    json: { title: 'Closed', language: 'en', commentsOpen: false },
  });
});
afterAll(() => stack?.stop());

const valid = { body: 'نص صالح', author: { name: 'Reader' } };
const path = '/api/v1/articles/paris-raqqa/comments';

interface Case {
  story: string;
  status: number;
  request: () => Promise<JsonResponse>;
  /** Text the problem's detail or errors must contain, so the reader knows what to fix. */
  says: string;
}

const cases: Case[] = [
  {
    story: 'malformed JSON gets a 400 that says the JSON is invalid',
    status: 400,
    request: () =>
      call(stack.baseUrl, 'POST', path, {
        raw: '{"body": "unfinished',
        headers: { 'content-type': 'application/json' },
      }),
    says: 'not valid JSON',
  },
  {
    story: 'a body of the wrong type gets a 400 naming the field',
    status: 400,
    request: () => call(stack.baseUrl, 'POST', path, { json: { body: 42, author: { name: 'x' } } }),
    says: 'body must be a string',
  },
  {
    story: 'a missing author gets a 400 naming the field',
    status: 400,
    request: () => call(stack.baseUrl, 'POST', path, { json: { body: 'hello' } }),
    says: 'author is required',
  },
  {
    story: 'an unknown field gets a 400 naming it (a typo must not be silently dropped)',
    status: 400,
    request: () => call(stack.baseUrl, 'POST', path, { json: { ...valid, autor: 'x' } }),
    says: 'autor',
  },
  {
    story: 'an invalid e-mail gets a 400 naming author.email',
    status: 400,
    request: () =>
      call(stack.baseUrl, 'POST', path, {
        json: { ...valid, author: { name: 'x', email: 'not-an-email' } },
      }),
    says: 'author.email',
  },
  {
    story: 'a whitespace-only comment gets a 400',
    status: 400,
    request: () => call(stack.baseUrl, 'POST', path, { json: { ...valid, body: ' \n\t ' } }),
    says: 'must not be empty',
  },
  {
    story: 'a comment over 5000 characters gets a 400 that states the limit',
    status: 400,
    request: () =>
      call(stack.baseUrl, 'POST', path, { json: { ...valid, body: 'ب'.repeat(5001) } }),
    says: 'at most 5000',
  },
  {
    story: 'a request body over 64 KB gets a 413',
    status: 413,
    request: () =>
      call(stack.baseUrl, 'POST', path, { json: { ...valid, body: 'x'.repeat(70_000) } }),
    says: 'larger than the limit',
  },
  {
    story: 'bytes that are not UTF-8 get a 400',
    status: 400,
    request: () =>
      call(stack.baseUrl, 'POST', path, {
        raw: Buffer.concat([
          Buffer.from('{"body":"'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('","author":{"name":"x"}}'),
        ]),
        headers: { 'content-type': 'application/json' },
      }),
    says: 'not valid UTF-8',
  },
  {
    story: 'an unpaired surrogate escaped in JSON gets a 400',
    status: 400,
    request: () =>
      call(stack.baseUrl, 'POST', path, {
        raw: '{"body":"abc \\ud800 def","author":{"name":"x"}}',
        headers: { 'content-type': 'application/json' },
      }),
    says: 'invalid Unicode',
  },
  {
    story: 'a NUL character gets a 400 (it could never be stored)',
    status: 400,
    request: () => call(stack.baseUrl, 'POST', path, { json: { ...valid, body: 'abc\u0000def' } }),
    says: 'control characters',
  },
  {
    story: 'a body that is not JSON gets a 415',
    status: 415,
    request: () =>
      call(stack.baseUrl, 'POST', path, {
        raw: 'body=hello',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    says: 'Content-Type: application/json',
  },
  {
    story: 'an unknown article gets a 404',
    status: 404,
    request: () =>
      call(stack.baseUrl, 'POST', '/api/v1/articles/no-such-article/comments', { json: valid }),
    says: 'no-such-article',
  },
  {
    story: 'a reply to an unknown parent gets a 404',
    status: 404,
    request: () =>
      call(stack.baseUrl, 'POST', path, {
        json: { ...valid, parentId: '00000000-0000-4000-8000-000000000000' },
      }),
    says: 'to reply to',
  },
  {
    story: 'a comment on an article with comments closed gets a 409',
    status: 409,
    request: () =>
      call(stack.baseUrl, 'POST', '/api/v1/articles/closed-article/comments', { json: valid }),
    says: 'closed',
  },
  {
    story: 'an invalid Idempotency-Key gets a 400',
    status: 400,
    request: () =>
      call(stack.baseUrl, 'POST', path, {
        json: valid,
        headers: { 'idempotency-key': 'x'.repeat(300) },
      }),
    says: 'Idempotency-Key',
  },
  {
    story: 'a thread request with an invalid cursor gets a 400',
    status: 400,
    request: () =>
      call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments?cursor=garbage'),
    says: 'cursor',
  },
  {
    story: 'a thread request with limit=0 gets a 400 naming limit',
    status: 400,
    request: () => call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments?limit=0'),
    says: 'limit',
  },
  {
    story: 'the status of an unknown comment id gets a 404',
    status: 404,
    request: () =>
      call(stack.baseUrl, 'GET', '/api/v1/comments/00000000-0000-4000-8000-000000000000/status'),
    says: 'no comment',
  },
  {
    story: 'a status request with an id that is not a UUID gets a 404',
    status: 404,
    request: () => call(stack.baseUrl, 'GET', '/api/v1/comments/not-a-uuid/status'),
    says: 'no comment',
  },
];

describe('bad input gets a clear problem+json and stores nothing', () => {
  test.each(cases)('$story', async ({ request, status, says }) => {
    const before = await stack.db.comment.count();
    const queuedBefore = await jobCount();
    const response = await request();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
    expect(JSON.stringify(response.body)).toContain(says);
    if (status === 400 && response.body.errors) {
      for (const error of response.body.errors)
        expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    expect(await stack.db.comment.count()).toBe(before);
    expect(await jobCount()).toBe(queuedBefore);
  });

  test('an unknown route answers 404 problem+json, not an HTML error page', async () => {
    const response = await call(stack.baseUrl, 'GET', '/api/v1/nothing-here');
    expect(response).toMatchObject({ status: 404, body: { status: 404, title: 'Not Found' } });
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

async function jobCount(): Promise<number> {
  const { Queue } = await import('bullmq');
  const queue = new Queue('comments', {
    connection: { url: stack.redisUrl },
    prefix: stack.prefix,
  });
  try {
    const counts = await queue.getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}
