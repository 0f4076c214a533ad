import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, startStack, type Stack } from '../support/stack.ts';

// Readers of one newsroom often share an address (an office, a campus, a mobile carrier's NAT):
// each author has a small budget, the address a larger one.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    env: { RATE_LIMIT_PER_AUTHOR: '2', RATE_LIMIT_PER_IP: '5', RATE_LIMIT_WINDOW_SECONDS: '120' },
  });
});
afterAll(() => stack?.stop());

const post = (name: string, body: string) =>
  call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name } },
  });

test('when one reader behind a shared address hits the author limit, the next reader at that address can still post', async () => {
  expect((await post('Huda', 'first')).status).toBe(202);
  expect((await post('Huda', 'second')).status).toBe(202);
  const huda = await post('Huda', 'third, too fast');
  expect(huda).toMatchObject({ status: 429, body: { title: 'Too Many Requests' } });
  expect(Number(huda.headers.get('retry-after'))).toBeGreaterThan(60);
  expect(Number(huda.headers.get('retry-after'))).toBeLessThanOrEqual(120);

  expect((await post('Omar', 'same office, different reader')).status).toBe(202);
  expect((await post('Omar', 'and again')).status).toBe(202);
  // The address has now spent its own, larger budget: nobody else there can post for a while.
  expect((await post('Rana', 'the address is spent')).status).toBe(429);
});
