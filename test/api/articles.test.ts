import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack?.stop());

describe('the newsroom registers its articles', () => {
  test('the seed article is there out of the box, in Arabic, open for comments', async () => {
    const r = await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa');
    expect(r).toMatchObject({
      status: 200,
      body: {
        id: 'paris-raqqa',
        title: expect.stringMatching(/^باريس تقصف الرقة/),
        url: null,
        language: 'ar',
        commentsOpen: true,
        approvedCount: 0,
      },
    });
  });

  test('PUT creates an article with 201, then updates it with 200 keeping omitted fields', async () => {
    const created = await call(stack.baseUrl, 'PUT', '/api/v1/articles/elections-2026', {
      token: stack.adminToken,
      json: { title: 'Elections 2026', url: 'https://news.example/elections', language: 'en' },
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: 'elections-2026',
        title: 'Elections 2026',
        url: 'https://news.example/elections',
        language: 'en',
        commentsOpen: true,
        approvedCount: 0,
      },
    });
    const updated = await call(stack.baseUrl, 'PUT', '/api/v1/articles/elections-2026', {
      token: stack.adminToken,
      json: { title: 'Elections 2026: results', commentsOpen: false },
    });
    expect(updated).toMatchObject({
      status: 200,
      body: {
        title: 'Elections 2026: results',
        url: 'https://news.example/elections',
        language: 'en',
        commentsOpen: false,
      },
    });
    const list = await call(stack.baseUrl, 'GET', '/api/v1/articles');
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ id: 'elections-2026', commentsOpen: false }),
    );
    const audit = await stack.db.moderationEvent.findMany({
      where: { targetId: 'elections-2026' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.type)).toEqual(['article.created', 'article.updated']);
  });

  test('an unknown article is a 404 problem', async () => {
    const r = await call(stack.baseUrl, 'GET', '/api/v1/articles/does-not-exist');
    expect(r).toMatchObject({
      status: 404,
      body: { status: 404, detail: expect.stringContaining('does-not-exist') },
    });
  });

  test('an article without a title, or with a bad url and language, gets a 400 naming each field and is not created', async () => {
    const r = await call(stack.baseUrl, 'PUT', '/api/v1/articles/broken', {
      token: stack.adminToken,
      json: { url: 'javascript:alert(1)', language: 'Arabic!' },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'language',
      'title',
      'url',
    ]);
    expect((await call(stack.baseUrl, 'GET', '/api/v1/articles/broken')).status).toBe(404);
  });

  test('an article id with characters outside the allowed set is a 400', async () => {
    const r = await call(
      stack.baseUrl,
      'PUT',
      `/api/v1/articles/${encodeURIComponent('bad id!')}`,
      { token: stack.adminToken, json: { title: 'x' } },
    );
    expect(r).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ path: 'path' })] },
    });
  });
});

describe('operators can tell whether the service is alive and ready', () => {
  test('healthz says the process is alive and readyz that Postgres and Redis answer', async () => {
    expect(await call(stack.baseUrl, 'GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    expect(await call(stack.baseUrl, 'GET', '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } },
    });
  });
});
