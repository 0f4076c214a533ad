import { Writable } from 'node:stream';
import type { RunningApi } from '@cm/api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, startStack, type Stack } from '../support/stack.ts';

const BUDGET = 5;
let stack: Stack;
let moderator: string;
/** A second API replica on the same Postgres and Redis, whose log the test reads. */
let replica: RunningApi;
const replicaLog: Record<string, unknown>[] = [];

beforeAll(async () => {
  // Behind a proxy (loopback), so X-Forwarded-For names the client as in production.
  const env = { TRUST_PROXY: 'loopback', AUTH_FAILURES_PER_WINDOW: String(BUDGET) };
  stack = await startStack({ env, worker: false });
  moderator = await stack.createModerator('moderator');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        replicaLog.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  replica = await stack.startApiReplica({ logger: pino({ level: 'info' }, sink) });
});
afterAll(async () => {
  await replica?.stop();
  await stack?.stop();
});

const queue = (baseUrl: string, token: string, ip: string) =>
  call(baseUrl, 'GET', '/api/v1/moderation/comments', {
    token,
    headers: { 'x-forwarded-for': ip },
  });

describe('bearer tokens cannot be guessed at speed', () => {
  test('after the budget of forged tokens an address gets 429 with Retry-After, even for a valid token, while another address signs in normally', async () => {
    const guesser = '203.0.113.7';
    for (let i = 0; i < BUDGET; i++)
      expect((await queue(stack.baseUrl, `forged-${i}-${'x'.repeat(20)}`, guesser)).status).toBe(
        401,
      );

    const refused = await queue(stack.baseUrl, 'forged-once-more', guesser);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({
      status: 429,
      type: expect.stringMatching(/auth-rate-limited$/),
      detail: expect.stringContaining('failed authentication'),
      retryAfterSeconds: retryAfter,
    });
    // While throttled the guesser cannot tell a right token from a wrong one.
    expect((await queue(stack.baseUrl, moderator, guesser)).status).toBe(429);

    // A moderator elsewhere is not slowed: more successes than the failure budget, all 200.
    for (let i = 0; i < BUDGET * 2; i++)
      expect((await queue(stack.baseUrl, moderator, '198.51.100.20')).status).toBe(200);
    // Readers who send no token at all are never counted or throttled.
    const thread = await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments', {
      headers: { 'x-forwarded-for': guesser },
    });
    expect(thread.status).toBe(200);
  });

  test('the budget is shared by every API replica, so spreading guesses over them gains nothing', async () => {
    const guesser = '203.0.113.99';
    for (let i = 0; i < BUDGET; i++) {
      const baseUrl = i % 2 === 0 ? stack.baseUrl : replica.url;
      expect((await queue(baseUrl, `spread-guess-${i}`, guesser)).status).toBe(401);
    }
    expect((await queue(replica.url, 'spread-guess-last', guesser)).status).toBe(429);
    expect((await queue(stack.baseUrl, 'spread-guess-last', guesser)).status).toBe(429);
  });

  test('each failed authentication is logged with the address, never with the token', async () => {
    const token = 'secret-looking-forged-token-4242';
    expect((await queue(replica.url, token, '192.0.2.55')).status).toBe(401);
    const failed = replicaLog.filter((line) => line.msg === 'authentication failed');
    expect(failed).toContainEqual(
      expect.objectContaining({
        level: 40,
        ip: '192.0.2.55',
        method: 'GET',
        path: '/api/v1/moderation/comments',
        failures: 1,
      }),
    );
    expect(JSON.stringify(replicaLog)).not.toContain(token);
    expect(JSON.stringify(replicaLog)).not.toContain(moderator);
  });
});
