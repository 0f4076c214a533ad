import { startRedisServer, type RedisServer } from '@cm/devstack';
import { fingerprint, hammingDistance } from '@cm/moderation';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NearDuplicateIndex } from './near-duplicate-index.ts';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.stop();
});

const now = new Date('2026-12-02T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const windowMs = 60 * 60_000;
const text = 'الحكومة تكذب عليكم كل يوم، لا تصدقوا أي كلمة في هذا المقال المدفوع';
const edited = 'الحكومة تكذب علينا كل يوم، لا تصدقوا أي كلمة في هذا المقال المدفوع';
const other = 'مقال رائع وتحليل عميق للوضع الاقتصادي، شكرا للكاتب على الجهد الكبير';
const index = (prefix: string, entries = { articleEntries: 100, siteEntries: 100 }) =>
  new NearDuplicateIndex(redis, prefix, { distance: hammingDistance, ...entries });
const record = (
  i: NearDuplicateIndex,
  article: string,
  id: string,
  author: string,
  body: string,
  at = now,
) =>
  i.record(
    article,
    { commentId: id, authorKey: author, fingerprint: fingerprint(body), at: at.getTime() },
    { ms: windowMs, now },
  );
const ask = (i: NearDuplicateIndex, article: string, body: string, author = 'asker') =>
  i.near(article, {
    fingerprint: fingerprint(body),
    authorKey: author,
    since: minutesAgo(60),
    maxDistance: 10,
  });

describe('the index of recent fingerprints', () => {
  test("finds other authors' near-duplicates on the article and on other articles, not the asker's own nor unrelated ones", async () => {
    const i = index('{nd1}');
    await record(i, 'a1', 'c1', 'alice', text);
    await record(i, 'a2', 'c2', 'bob', edited);
    await record(i, 'a1', 'c3', 'asker', text);
    await record(i, 'a1', 'c4', 'carol', other);
    const found = await ask(i, 'a1', text);
    expect(found.map((m) => m.commentId)).toEqual(['c1', 'c2']);
    expect(found[0]).toEqual({ commentId: 'c1', authorKey: 'alice', distance: 0 });
  });

  test('forgets comments older than the window, and keeps only the newest entries past the cap', async () => {
    const i = index('{nd2}', { articleEntries: 2, siteEntries: 2 });
    await record(i, 'a1', 'old', 'dave', text, minutesAgo(90));
    expect(await ask(i, 'a1', text)).toEqual([]);
    await record(i, 'a1', 'c1', 'alice', text, minutesAgo(3));
    await record(i, 'a1', 'c2', 'bob', text, minutesAgo(2));
    await record(i, 'a1', 'c3', 'carol', text, minutesAgo(1));
    expect((await ask(i, 'a1', text)).map((m) => m.commentId).sort()).toEqual(['c2', 'c3']);
    expect(await redis.zcard('{nd2}:neardup:site')).toBe(2);
    expect(await redis.pttl('{nd2}:neardup:a:a1')).toBeGreaterThan(windowMs - 5_000);
  });

  test('recording the same comment twice (a redelivered job) keeps one entry', async () => {
    const i = index('{nd3}');
    await record(i, 'a1', 'c1', 'alice', text);
    await record(i, 'a1', 'c1', 'alice', text);
    expect(await ask(i, 'a1', text)).toHaveLength(1);
  });

  test('a batch of comments is answered as if each had been looked up and recorded in turn, so a campaign posted all at once is still caught', async () => {
    const batchIndex = index('{nd4}');
    const oneByOne = index('{nd5}');
    await record(batchIndex, 'a1', 'old', 'dave', edited, minutesAgo(5));
    await record(oneByOne, 'a1', 'old', 'dave', edited, minutesAgo(5));
    const campaign = [text, edited, text, `${text}!`, other].map((body, n) => ({
      articleId: n === 2 ? 'a2' : 'a1',
      entry: {
        commentId: `c${n}`,
        authorKey: `author${n}`,
        fingerprint: fingerprint(body),
        at: minutesAgo(1).getTime() + n,
      },
      since: minutesAgo(60),
      maxDistance: 10,
    }));
    const batched = await batchIndex.nearMany(campaign);
    const sequential = [];
    for (const { articleId, entry, since, maxDistance } of campaign) {
      sequential.push(await oneByOne.near(articleId, { ...entry, since, maxDistance }));
      await oneByOne.record(articleId, entry, { ms: windowMs, now });
    }
    expect(batched).toEqual(sequential);
    // The fourth copy sees the three before it and the older one: a campaign.
    expect(batched[3]!.map((m) => m.commentId).sort()).toEqual(['c0', 'c1', 'c2', 'old']);
    expect(batched[4]).toEqual([]);

    await batchIndex.recordMany(
      campaign.map(({ articleId, entry }) => ({ articleId, entry, window: { ms: windowMs, now } })),
    );
    expect(await redis.zcard('{nd4}:neardup:site')).toBe(6);
    expect(await redis.zcard('{nd4}:neardup:a:a1')).toBe(5);
    expect(await ask(batchIndex, 'a1', text)).toEqual(await ask(oneByOne, 'a1', text));
  });
});
