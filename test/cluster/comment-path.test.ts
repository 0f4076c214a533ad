import { startRedisCluster, type RedisClusterServer } from '@cm/devstack';
import {
  createRedis,
  duplicateRedis,
  EventStream,
  waitForRedis,
  type RedisClient,
} from '@cm/queue';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

/**
 * The whole comment path on a 3-master Redis Cluster instead of one Redis: BullMQ queues, rate
 * limits, idempotency, the thread cache, claims, the near-duplicate index, reader reports and
 * the config bus all run against `redis+cluster://` (see keyPrefixFor for the hash tag).
 */
let cluster: RedisClusterServer;
let stack: Stack;
let moderator: string;
let client: RedisClient;
beforeAll(async () => {
  cluster = await startRedisCluster();
  stack = await startStack({
    redisUrl: cluster.url,
    policy: { bannedWords: ['حمار'], suspectWords: ['كذاب'], reports: { holdThreshold: 2 } },
    env: {
      // Only the config bus can bring a new policy to the worker within this test's time.
      CONFIG_POLL_MS: '600000',
      RATE_LIMIT_PER_AUTHOR: '3',
      RATE_LIMIT_PER_IP: '1000',
      TRUST_PROXY: 'loopback',
      AUTH_FAILURES_PER_WINDOW: '2',
    },
  });
  moderator = await stack.createModerator('moderator');
  client = createRedis(cluster.url, 'client');
  await waitForRedis(client);
}, 60_000);
afterAll(async () => {
  await client?.quit();
  await stack?.stop();
  await cluster?.stop();
});

const post = (body: string, name: string, headers: Record<string, string> = {}) =>
  call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name, email: `${name.replace(/\W/g, '')}@example.org` } },
    headers,
  });
const threadIds = async () =>
  (
    (await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments?limit=100')).body
      .items as { id: string }[]
  ).map((c) => c.id);
const statusOf = async (id: string) =>
  (await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`)).body.status as string;

describe('the service runs on a Redis Cluster', () => {
  test('the cluster really is three masters sharing the slots, and every key of ours lives in one slot', async () => {
    expect(await client.cluster('INFO')).toMatch(/cluster_state:ok[\s\S]*cluster_size:3/);
    await post('تعليق أول على العنقود', 'First');
    // Each node holds only its own slots' keys: ask all three.
    const keys = await eventually(async () => {
      const found: string[] = [];
      for (const port of cluster.ports) {
        const node = createRedis(`redis://127.0.0.1:${port}`, 'worker');
        found.push(...(await node.keys(`${stack.prefix}*`)));
        await node.quit();
      }
      return found.length > 0 ? found : undefined;
    });
    // One hash tag: one slot, so BullMQ's and our multi-key scripts never cross slots.
    const slots = new Set(await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key))));
    expect(slots.size).toBe(1);
  });

  test('a reader posts (202), the worker approves, the thread shows it and its status says published', async () => {
    const body = 'مقال رائع، شكراً للكاتب 👍🏽';
    const accepted = await post(body, 'Sara', { 'idempotency-key': 'cluster-key-1' });
    expect(accepted).toMatchObject({ status: 202, body: { status: 'pending' } });
    // The same Idempotency-Key again: the same comment, not a second one.
    const repeated = await post(body, 'Sara', { 'idempotency-key': 'cluster-key-1' });
    expect(repeated.body.id).toBe(accepted.body.id);

    expect(await decided(stack, accepted.body.id)).toBe('approved');
    expect(await threadIds()).toContain(accepted.body.id);
    expect(await statusOf(accepted.body.id)).toBe('approved');
  });

  test('a held comment waits for a moderator, who claims and approves it; then it is published', async () => {
    const { body: accepted } = await post('هذا الوزير كذاب في كل تصريحاته', 'Skeptic');
    expect(await decided(stack, accepted.id)).toBe('pending');
    expect(await threadIds()).not.toContain(accepted.id);

    const claimed = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${accepted.id}/claim`,
      { token: moderator },
    );
    expect(claimed.status).toBe(200);
    const queue = await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?status=pending', {
      token: moderator,
    });
    const item = queue.body.items.find((i: { id: string }) => i.id === accepted.id);
    expect(item.claimedBy).toEqual(claimed.body.claimedBy);

    const approved = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${accepted.id}/approve`,
      { token: moderator, json: { reason: 'Political criticism, allowed' } },
    );
    expect(approved.status).toBe(200);
    expect(await threadIds()).toContain(accepted.id);
    expect(await statusOf(accepted.id)).toBe('approved');
  });

  test('two readers report a published comment: the worker reviews the reports and moderators find it in the reported queue', async () => {
    const { body: accepted } = await post('رأي عادي في المقال', 'Reported');
    expect(await decided(stack, accepted.id)).toBe('approved');
    for (const reader of ['reader-aaaa-1', 'reader-bbbb-2']) {
      const report = await call(stack.baseUrl, 'POST', `/api/v1/comments/${accepted.id}/reports`, {
        json: { reason: 'abuse' },
        headers: { 'x-reader-id': reader },
      });
      expect(report.status).toBe(202);
    }
    const item = await eventually(
      async () =>
        (
          (
            await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?status=reported', {
              token: moderator,
            })
          ).body.items as { id: string; reported: boolean; reports: unknown }[]
        ).find((i) => i.id === accepted.id),
      15_000,
      'the reported queue',
    );
    expect(item).toMatchObject({ reported: true, reports: { count: 2, reasons: { abuse: 2 } } });
  });

  test('an admin activates a new policy and the worker decides with it at once (config bus over the cluster)', async () => {
    const saved = await call(stack.baseUrl, 'PUT', '/api/v1/policy', {
      token: stack.adminToken,
      json: { policy: { bannedWords: ['حمار', 'خنزير'], suspectWords: ['كذاب'] }, activate: true },
    });
    expect(saved.status).toBe(201);
    await eventually(
      async () => {
        const { body } = await post('يا خنزير', `Rude ${Date.now()}`);
        return (await decided(stack, body.id)) === 'rejected' ? true : undefined;
      },
      10_000,
      'the worker to take the new policy from the config bus',
      0,
    );
  });

  test('an author over the budget gets 429 with Retry-After, counted on the cluster', async () => {
    const name = `Busy ${Date.now()}`;
    for (let i = 0; i < 3; i++) expect((await post(`تعليق رقم ${i}`, name)).status).toBe(202);
    const refused = await post('تعليق رابع', name);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('an address that forges tokens is refused with 429 after its budget, while moderators keep working', async () => {
    const forged = (i: number) =>
      call(stack.baseUrl, 'GET', '/api/v1/moderation/comments', {
        token: `forged-${i}-${'x'.repeat(20)}`,
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
    expect((await forged(1)).status).toBe(401);
    expect((await forged(2)).status).toBe(401);
    expect((await forged(3)).status).toBe(429);
    const own = await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments', {
      token: moderator,
    });
    expect(own.status).toBe(200);
  });

  test('an admin backtests a draft policy: the worker replays it and the record in the cluster shows the result', async () => {
    const started = await call(stack.baseUrl, 'POST', '/api/v1/policy/backtest', {
      token: stack.adminToken,
      json: { policy: { bannedWords: [], suspectWords: ['رائع'] }, limit: 50 },
    });
    expect(started.status).toBe(202);
    const done = await eventually(
      async () => {
        const { body } = await call(stack.baseUrl, 'GET', started.headers.get('location')!, {
          token: stack.adminToken,
        });
        return body.status === 'done' || body.status === 'failed' ? body : undefined;
      },
      15_000,
      'the backtest to finish',
    );
    expect(done).toMatchObject({ status: 'done', error: null });
    // "مقال رائع" was approved; under the draft it would be held.
    expect(done.result.changes).toContainEqual(
      expect.objectContaining({ from: 'approve', to: 'hold' }),
    );
  });

  test('a console waiting on the live event stream (blocking read on a connection of its own) gets what another replica appends', async () => {
    const stream = new EventStream(client, stack.prefix);
    const blocking = duplicateRedis(client);
    try {
      // The workers' outbox relay appends the service's own events meanwhile: wait for ours.
      const targetId = `cluster-${Date.now()}`;
      let after = await stream.lastId();
      const waiting = (async () => {
        for (;;) {
          const entries = await stream.waitAfter(blocking, after, 5_000);
          if (entries.length === 0) return undefined;
          const ours = entries.find((entry) => entry.event.targetId === targetId);
          if (ours) return ours;
          after = entries.at(-1)!.id;
        }
      })();
      const event = {
        type: 'comment.claimed',
        actor: 'moderator:1',
        targetType: 'comment',
        targetId,
        data: {},
        createdAt: new Date().toISOString(),
      };
      const [id] = await stream.append([event]);
      expect(await waiting).toEqual({ id, event });
    } finally {
      await blocking.quit();
    }
  });
});
