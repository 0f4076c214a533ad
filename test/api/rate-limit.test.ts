import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ rateLimitPerMinute: 3 });
});
afterAll(() => stack?.stop());

const post = (name: string, body: string) =>
  call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name } },
  });

test('an author posting faster than the limit gets a 429 with Retry-After, and the extra comment is not stored', async () => {
  for (let i = 0; i < 3; i++) expect((await post('Fast Fingers', `message ${i}`)).status).toBe(202);
  const refused = await post('Fast Fingers', 'one too many');
  expect(refused).toMatchObject({ status: 429, body: { status: 429, title: 'Too Many Requests' } });
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(refused.body.detail).toContain(`${retryAfter} second`);
  await new Promise((r) => setTimeout(r, 500));
  expect(await stack.db.comment.count({ where: { body: 'one too many' } })).toBe(0);
});

test('one client IP cannot dodge the limit by changing the author name', async () => {
  // The previous test spent this IP's budget too.
  const refused = await post('A New Name', 'different author, same machine');
  expect(refused.status).toBe(429);
});
