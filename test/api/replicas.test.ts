import type { RunningApi } from '@cm/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

/**
 * Two API replicas (A: the stack's, B: a second one on the same Postgres and Redis), each with
 * its own in-process caches of the posting gate and of hot thread pages. A change made through
 * one must hold on the other.
 */
let stack: Stack;
let replicaB: RunningApi;
let moderator: string;
beforeAll(async () => {
  stack = await startStack();
  replicaB = await stack.startApiReplica();
  moderator = await stack.createModerator('moderator');
});
afterAll(async () => {
  await stack?.stop();
});

const A = () => stack.baseUrl;
const B = () => replicaB.url;
const putArticle = (baseUrl: string, id: string, json: object) =>
  call(baseUrl, 'PUT', `/api/v1/articles/${id}`, { token: stack.adminToken, json });
const post = (baseUrl: string, articleId: string, name: string, body = 'مقال مفيد، شكراً') =>
  call(baseUrl, 'POST', `/api/v1/articles/${articleId}/comments`, {
    json: { body, author: { name } },
  });
const threadIds = async (baseUrl: string, articleId: string): Promise<string[]> =>
  (await call(baseUrl, 'GET', `/api/v1/articles/${articleId}/comments`)).body.items.map(
    (c: { id: string }) => c.id,
  );

describe('API replicas never act on a change another replica made', () => {
  test('an article closed through replica A refuses the very next comment posted through replica B, and reopening it there works as fast', async () => {
    expect((await putArticle(A(), 'two-replicas', { title: 'Two replicas' })).status).toBe(201);
    // Replica B has seen the article open (and keeps that in memory).
    expect((await post(B(), 'two-replicas', 'Nour')).status).toBe(202);
    expect((await post(B(), 'two-replicas', 'Nour')).status).toBe(202);

    expect(
      (await putArticle(A(), 'two-replicas', { title: 'Two replicas', commentsOpen: false }))
        .status,
    ).toBe(200);
    const refused = await post(B(), 'two-replicas', 'Nour');
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/\/comments-closed$/);

    expect(
      (await putArticle(A(), 'two-replicas', { title: 'Two replicas', commentsOpen: true })).status,
    ).toBe(200);
    expect((await post(B(), 'two-replicas', 'Nour')).status).toBe(202);
  });

  test('an author banned through replica A is refused on their very next comment through replica B, and may post there again as soon as the ban is lifted', async () => {
    const first = await post(B(), 'paris-raqqa', 'Troll');
    expect(first.status).toBe(202);
    await decided(stack, first.body.id);
    const key = (await stack.db.comment.findUniqueOrThrow({ where: { id: first.body.id } }))
      .authorKey;
    expect((await post(B(), 'paris-raqqa', 'Troll')).status).toBe(202); // B remembers them

    const banned = await call(A(), 'PUT', `/api/v1/authors/${encodeURIComponent(key)}/standing`, {
      token: moderator,
      json: { standing: 'banned', reason: 'Spam' },
    });
    expect(banned.status).toBe(200);
    const refused = await post(B(), 'paris-raqqa', 'Troll', 'تعليق آخر');
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/\/author-banned$/);

    const lifted = await call(A(), 'PUT', `/api/v1/authors/${encodeURIComponent(key)}/standing`, {
      token: moderator,
      json: { standing: 'normal', reason: 'Appeal accepted' },
    });
    expect(lifted.status).toBe(200);
    expect((await post(B(), 'paris-raqqa', 'Troll', 'تعليق بعد الاستئناف')).status).toBe(202);
  });

  test('a comment published while both replicas hold the thread in memory shows through both, once its status says approved', async () => {
    expect((await putArticle(A(), 'hot-thread', { title: 'Hot thread' })).status).toBe(201);
    const first = await post(A(), 'hot-thread', 'Salma', 'التعليق الأول');
    expect(await decided(stack, first.body.id)).toBe('approved');
    for (const replica of [A(), B()]) {
      await eventually(
        async () => ((await threadIds(replica, 'hot-thread')).length === 1 ? true : undefined),
        1_000,
        'the first comment in the thread',
      );
      expect(await threadIds(replica, 'hot-thread')).toEqual([first.body.id]); // now in memory
    }

    const second = await post(B(), 'hot-thread', 'Karim', 'التعليق الثاني');
    await eventually(
      async () => {
        const status = await call(A(), 'GET', `/api/v1/comments/${second.body.id}/status`);
        return status.body.status === 'approved' ? true : undefined;
      },
      15_000,
      'the status to say approved',
    );
    // The worker invalidates right after its commit (as for the Redis cache): allow it that moment.
    for (const replica of [A(), B()])
      await eventually(
        async () => ((await threadIds(replica, 'hot-thread')).length === 2 ? true : undefined),
        1_000,
        'the new comment in the thread served from memory',
      );
    expect(await threadIds(B(), 'hot-thread')).toEqual([second.body.id, first.body.id]);
    expect(await threadIds(A(), 'hot-thread')).toEqual([second.body.id, first.body.id]);
  });

  test('a thread page served from memory still answers a matching If-None-Match with 304', async () => {
    expect((await putArticle(A(), 'quiet-thread', { title: 'Quiet thread' })).status).toBe(201);
    const url = `${B()}/api/v1/articles/quiet-thread/comments`;
    await fetch(url); // now in B's memory
    const first = await fetch(url);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    // fetch() would add "Cache-Control: no-cache" to a conditional request; a browser sends max-age=0.
    const again = await fetch(url, {
      headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });
});
