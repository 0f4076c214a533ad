import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ policy: { bannedWords: ['حمار'], suspectWords: ['كذاب'] } });
});
afterAll(() => stack?.stop());

const post = (articleId: string, json: unknown, headers: Record<string, string> = {}) =>
  call(stack.baseUrl, 'POST', `/api/v1/articles/${articleId}/comments`, { json, headers });

describe('a reader posts a comment', () => {
  test('a clean Arabic comment is accepted, approved, and appears in the thread byte-for-byte as written', async () => {
    // Tashkeel, a right-to-left mark, an emoji with a skin tone and a ZWJ sequence: all kept as written.
    const body = 'مقالٌ رائعٌ، شكراً للكاتب \u200F👍🏽 — نتمنى السلام لسوريا 👨‍👩‍👧';
    const accepted = await post('paris-raqqa', {
      body,
      author: { name: 'سارة', email: 'sara@example.org' },
    });
    expect(accepted).toMatchObject({
      status: 202,
      body: { id: expect.any(String), status: 'pending' },
    });
    expect(accepted.headers.get('location')).toBe(`/api/v1/comments/${accepted.body.id}/status`);

    expect(await decided(stack, accepted.body.id)).toBe('approved');
    const status = await call(stack.baseUrl, 'GET', `/api/v1/comments/${accepted.body.id}/status`);
    expect(status).toMatchObject({
      status: 200,
      body: { id: accepted.body.id, status: 'approved' },
    });

    const thread = await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments');
    expect(thread.status).toBe(200);
    const shown = thread.body.items.find((c: { id: string }) => c.id === accepted.body.id);
    expect(shown).toEqual({
      id: accepted.body.id,
      body,
      author: { name: 'سارة' },
      parentId: null,
      createdAt: expect.any(String),
    });
    expect(Buffer.from(shown.body).equals(Buffer.from(body))).toBe(true);
    // The author's e-mail is never part of the public thread.
    expect(JSON.stringify(thread.body)).not.toContain('sara@example.org');

    const article = await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa');
    expect(article.body).toMatchObject({
      id: 'paris-raqqa',
      language: 'ar',
      commentsOpen: true,
      approvedCount: expect.any(Number),
    });
    expect(article.body.approvedCount).toBeGreaterThanOrEqual(1);
  });

  test('a reply to a published comment is stored under its parent', async () => {
    const parent = await post('paris-raqqa', { body: 'تحليل ممتاز', author: { name: 'Omar' } });
    await decided(stack, parent.body.id);
    const reply = await post('paris-raqqa', {
      body: 'I agree with Omar.',
      author: { name: 'Lena' },
      parentId: parent.body.id,
    });
    expect(reply.status).toBe(202);
    expect(await decided(stack, reply.body.id)).toBe('approved');
    const thread = await call(
      stack.baseUrl,
      'GET',
      '/api/v1/articles/paris-raqqa/comments?sort=oldest&limit=100',
    );
    expect(thread.body.items).toContainEqual(
      expect.objectContaining({ id: reply.body.id, parentId: parent.body.id }),
    );
  });

  test('the same Idempotency-Key twice yields one comment with one id', async () => {
    const key = `key-${Date.now()}`;
    const json = { body: 'تعليق يرسل مرتين بسبب انقطاع الشبكة', author: { name: 'Karim' } };
    const first = await post('paris-raqqa', json, { 'idempotency-key': key });
    const second = await post('paris-raqqa', json, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(second).toMatchObject({ status: 202, body: { id: first.body.id, status: 'pending' } });
    await decided(stack, first.body.id);
    // Give a hypothetical second job time to land before counting.
    await new Promise((r) => setTimeout(r, 300));
    expect(await stack.db.comment.count({ where: { body: json.body } })).toBe(1);
    expect(await stack.db.decision.count({ where: { commentId: first.body.id } })).toBe(1);
  });

  test('reusing an Idempotency-Key for a different comment is refused and stores nothing new', async () => {
    const key = `reuse-${Date.now()}`;
    const first = await post(
      'paris-raqqa',
      { body: 'first text', author: { name: 'Ana' } },
      { 'idempotency-key': key },
    );
    const second = await post(
      'paris-raqqa',
      { body: 'a different text', author: { name: 'Ana' } },
      { 'idempotency-key': key },
    );
    expect(second).toMatchObject({
      status: 422,
      body: { status: 422, title: 'Idempotency-Key reused' },
    });
    await decided(stack, first.body.id);
    expect(await stack.db.comment.count({ where: { body: 'a different text' } })).toBe(0);
  });

  test('the thread pages with a cursor, newest first, without repeating or skipping comments', async () => {
    await call(stack.baseUrl, 'PUT', '/api/v1/articles/paging', {
      token: stack.adminToken,
      json: { title: 'Paging', language: 'en' },
    });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await post('paging', {
        body: `comment number ${i}`,
        author: { name: `Reader ${i}` },
      });
      ids.push(r.body.id);
    }
    for (const id of ids) await decided(stack, id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(
        stack.baseUrl,
        'GET',
        `/api/v1/articles/paging/comments?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
    const bodies = (
      await call(stack.baseUrl, 'GET', '/api/v1/articles/paging/comments?limit=100')
    ).body.items.map((c: any) => c.body);
    expect(bodies[0]).toBe('comment number 6');
    const oldest = (
      await call(stack.baseUrl, 'GET', '/api/v1/articles/paging/comments?limit=1&sort=oldest')
    ).body.items[0];
    expect(oldest.body).toBe('comment number 0');
  });

  test('a thread already cached for article pages shows a newly approved comment as soon as it is stored', async () => {
    await call(stack.baseUrl, 'PUT', '/api/v1/articles/cached', {
      token: stack.adminToken,
      json: { title: 'Cached', language: 'en' },
    });
    const first = await post('cached', { body: 'first', author: { name: 'A' } });
    await decided(stack, first.body.id);
    const ids = async () =>
      (await call(stack.baseUrl, 'GET', '/api/v1/articles/cached/comments')).body.items.map(
        (c: { id: string }) => c.id,
      );
    expect(await ids()).toEqual([first.body.id]);
    expect(await ids()).toEqual([first.body.id]); // served from the cache now
    const second = await post('cached', { body: 'second', author: { name: 'B' } });
    await decided(stack, second.body.id);
    // The worker clears the cache right after its commit: allow it those few milliseconds.
    await eventually(
      async () => ((await ids()).length === 2 ? true : undefined),
      1_000,
      'the new comment in the cached thread',
    );
    expect(await ids()).toEqual([second.body.id, first.body.id]);
  });

  test('an article page can fetch the thread from another origin and revalidate it cheaply', async () => {
    const first = await fetch(`${stack.baseUrl}/api/v1/articles/paris-raqqa/comments`, {
      headers: { origin: 'https://news.example' },
    });
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('cache-control')).toContain('public');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // fetch() would add "Cache-Control: no-cache" to a conditional request (Fetch spec); a browser revalidating sends max-age=0.
    const again = await fetch(`${stack.baseUrl}/api/v1/articles/paris-raqqa/comments`, {
      headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });
});
