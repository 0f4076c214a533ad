import { auditPageSchema } from '@cm/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let layla: { id: string; token: string };
let heldId: string;
let approvedId: string;

interface AuditItem {
  id: string;
  type: string;
  actor: { id: string; name: string };
  targetType: string;
  targetId: string;
  data: Record<string, unknown>;
  createdAt: string;
}

const audit = async (query = '', token = stack.adminToken) =>
  call<{ items: AuditItem[]; nextCursor: string | null }>(
    stack.baseUrl,
    'GET',
    `/api/v1/audit${query}`,
    { token },
  );

beforeAll(async () => {
  stack = await startStack({ policy: { suspectWords: ['liar'] } });
  layla = (
    await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token: stack.adminToken,
      json: { name: 'Layla', role: 'moderator' },
    })
  ).body;
  await call(stack.baseUrl, 'PUT', '/api/v1/articles/audited', {
    token: stack.adminToken,
    json: { title: 'Audited', language: 'en' },
  });
  const post = async (body: string) =>
    (
      await call(stack.baseUrl, 'POST', '/api/v1/articles/audited/comments', {
        json: { body, author: { name: 'Sam' } },
      })
    ).body.id as string;
  heldId = await post('the minister is a liar');
  approvedId = await post('a thoughtful piece, thank you');
  expect(await decided(stack, heldId)).toBe('pending');
  expect(await decided(stack, approvedId)).toBe('approved');
  const approve = await call(
    stack.baseUrl,
    'POST',
    `/api/v1/moderation/comments/${heldId}/approve`,
    {
      token: layla.token,
      json: { reason: 'fair criticism', expectedStatus: 'pending' },
    },
  );
  expect(approve.status).toBe(200);
});
afterAll(() => stack?.stop());

describe('admins read the audit trail of every state change', () => {
  test('the system, the administrator and moderators appear by name, newest first', async () => {
    const { status, body } = await audit();
    expect(status).toBe(200);
    expect(auditPageSchema.safeParse(body).success).toBe(true);
    const ids = body.items.map((i) => BigInt(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(body.items).toContainEqual(
      expect.objectContaining({
        type: 'comment.approved',
        actor: { id: layla.id, name: 'Layla' },
        targetType: 'comment',
        targetId: heldId,
        data: expect.objectContaining({ reason: 'fair criticism', previousStatus: 'pending' }),
      }),
    );
    expect(body.items).toContainEqual(
      expect.objectContaining({
        type: 'comment.held',
        actor: { id: 'system', name: 'system' },
        targetId: heldId,
      }),
    );
    expect(body.items).toContainEqual(
      expect.objectContaining({
        type: 'moderator.created',
        actor: { id: 'admin', name: 'Administrator' },
        targetId: layla.id,
      }),
    );
    expect(body.items).toContainEqual(
      expect.objectContaining({
        type: 'article.created',
        actor: { id: 'admin', name: 'Administrator' },
        targetId: 'audited',
      }),
    );
  });

  test('filters by actor, by target and by action', async () => {
    const byLayla = (await audit(`?actor=${layla.id}`)).body.items;
    expect(byLayla.map((i) => [i.type, i.targetId])).toEqual([['comment.approved', heldId]]);

    const aboutHeld = (await audit(`?target=${heldId}`)).body.items;
    expect(aboutHeld.map((i) => i.type)).toEqual(['comment.approved', 'comment.held']);

    const approvals = (await audit('?action=comment.approved')).body.items;
    expect(approvals.length).toBe(2);
    expect(new Set(approvals.map((i) => i.targetId))).toEqual(new Set([heldId, approvedId]));

    const both = (await audit(`?action=comment.approved&actor=system`)).body.items;
    expect(both.map((i) => i.targetId)).toEqual([approvedId]);
  });

  test('pages with a cursor through the whole trail without gaps or repeats', async () => {
    const all = (await audit('?limit=200')).body.items.map((i) => i.id);
    expect(all.length).toBeGreaterThanOrEqual(6);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  test('a moderator is refused with 403 and a reader with 401', async () => {
    expect((await audit('', layla.token)).status).toBe(403);
    expect((await call(stack.baseUrl, 'GET', '/api/v1/audit')).status).toBe(401);
  });

  test.each(['abc', '-1', '0', '99999999999999999999', '12.5'])(
    'a cursor the API never returned (%s) gets a 400 naming cursor',
    async (cursor) => {
      const r = await audit(`?cursor=${encodeURIComponent(cursor)}`);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r).toMatchObject({
        status: 400,
        body: { status: 400, errors: [expect.objectContaining({ path: 'cursor' })] },
      });
    },
  );

  test('a malformed filter gets a 400 naming it, and a bad limit too', async () => {
    expect((await audit('?action=DROP TABLE')).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'action' })],
    });
    expect((await audit('?limit=0')).status).toBe(400);
  });
});
