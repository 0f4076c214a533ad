import { ArticleRepository, createDatabase, ensureSeedArticle } from '@cm/db';
import { freePort } from '@cm/devstack';
import { loadApiConfig, startApi, type RunningApi } from '@cm/api';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, createTestDatabase } from '../support/stack.ts';

let api: RunningApi;
let databaseUrl: string;
beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  const db = createDatabase(databaseUrl, { poolSize: 1 });
  await ensureSeedArticle(new ArticleRepository(db));
  await db.$disconnect();
  // Nothing listens on this port: Redis is "down".
  const deadRedis = `redis://127.0.0.1:${await freePort()}`;
  api = await startApi(
    loadApiConfig({
      DATABASE_URL: databaseUrl,
      REDIS_URL: deadRedis,
      ADMIN_TOKEN: 'a'.repeat(20),
      PORT: '0',
      HOST: '127.0.0.1',
    }),
    pino({ level: 'silent' }),
  );
});
afterAll(() => api?.stop());

test('when Redis is down, a reader posting gets a 503 with Retry-After, not a 500, and nothing is stored', async () => {
  const r = await call(api.url, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body: 'نص', author: { name: 'x' } },
  });
  expect(r).toMatchObject({ status: 503, body: { status: 503, title: 'Service Unavailable' } });
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  const db = createDatabase(databaseUrl, { poolSize: 1 });
  expect(await db.comment.count()).toBe(0);
  await db.$disconnect();
});

test('when Redis is down, readyz says which dependency failed while healthz stays up', async () => {
  expect((await call(api.url, 'GET', '/healthz')).status).toBe(200);
  const ready = await call(api.url, 'GET', '/readyz');
  expect(ready).toMatchObject({
    status: 503,
    body: {
      status: 'unavailable',
      checks: { postgres: 'ok', redis: expect.stringMatching(/^unavailable/) },
    },
  });
});

test('when Redis is down, moderators still get in: the failed-authentication throttle steps aside', async () => {
  const admin = await call(api.url, 'GET', '/api/v1/moderation/comments', {
    token: 'a'.repeat(20),
  });
  expect(admin.status).toBe(200);
  const forged = await call(api.url, 'GET', '/api/v1/moderation/comments', {
    token: 'forged-token-while-redis-is-down',
  });
  expect(forged.status).toBe(401);
});
