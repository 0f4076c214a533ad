import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack?.stop());

describe('only the right tokens reach moderation and admin endpoints', () => {
  test.each([
    ['GET', '/api/v1/moderation/comments'],
    ['POST', '/api/v1/moderation/comments/00000000-0000-4000-8000-000000000000/approve'],
    ['POST', '/api/v1/admin/moderators'],
    ['PUT', '/api/v1/articles/new-article'],
  ])('%s %s without a token is refused with 401', async (method, path) => {
    const r = await call(stack.baseUrl, method, path, { json: {} });
    expect(r).toMatchObject({ status: 401, body: { status: 401, title: 'Unauthorized' } });
    expect(r.headers.get('www-authenticate')).toContain('Bearer');
  });

  test('a made-up token is refused with 401', async () => {
    const r = await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments', {
      token: 'cm_not-a-real-token',
    });
    expect(r.status).toBe(401);
  });

  test('a moderator token cannot create moderators or edit articles (403)', async () => {
    const token = await stack.createModerator('moderator');
    expect(
      (await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments', { token })).status,
    ).toBe(200);
    const create = await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token,
      json: { name: 'Sneaky', role: 'admin' },
    });
    expect(create).toMatchObject({ status: 403, body: { status: 403, title: 'Forbidden' } });
    const put = await call(stack.baseUrl, 'PUT', '/api/v1/articles/x', {
      token,
      json: { title: 'x' },
    });
    expect(put.status).toBe(403);
  });

  test('a new moderator token is shown once, stored only as a hash, and stops working when revoked', async () => {
    const created = await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token: stack.adminToken,
      json: { name: 'ليلى', role: 'moderator' },
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: expect.any(String),
        name: 'ليلى',
        role: 'moderator',
        token: expect.stringMatching(/^cm_/),
      },
    });
    const { id, token } = created.body;
    const stored = await stack.db.moderator.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(
      (await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments', { token })).status,
    ).toBe(200);

    expect(
      (
        await call(stack.baseUrl, 'DELETE', `/api/v1/admin/moderators/${id}`, {
          token: stack.adminToken,
        })
      ).status,
    ).toBe(204);
    expect(
      (await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments', { token })).status,
    ).toBe(401);
    expect(
      await stack.db.moderationEvent.findMany({ where: { targetId: id }, orderBy: { id: 'asc' } }),
    ).toMatchObject([{ type: 'moderator.created' }, { type: 'moderator.revoked' }]);
  });

  test('creating a moderator with an unknown role gets a 400 naming role', async () => {
    const r = await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token: stack.adminToken,
      json: { name: 'x', role: 'owner' },
    });
    expect(r).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ path: 'role' })] },
    });
  });

  test('revoking an unknown moderator gets a 404', async () => {
    const r = await call(
      stack.baseUrl,
      'DELETE',
      '/api/v1/admin/moderators/00000000-0000-4000-8000-000000000000',
      { token: stack.adminToken },
    );
    expect(r.status).toBe(404);
  });

  test('metrics are for admins only', async () => {
    expect((await call(stack.baseUrl, 'GET', '/metrics')).status).toBe(401);
    const r = await call(stack.baseUrl, 'GET', '/metrics', { token: stack.adminToken });
    expect(r.status).toBe(200);
    expect(r.body).toContain('http_request_duration_seconds');
  });
});
