import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let layla: { id: string; token: string };
let omar: { id: string; token: string };
beforeAll(async () => {
  stack = await startStack({ policy: { suspectWords: ['كذاب', 'liar'] } });
  const create = async (name: string) =>
    (
      await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
        token: stack.adminToken,
        json: { name, role: 'moderator' },
      })
    ).body as { id: string; token: string };
  [layla, omar] = [await create('Layla'), await create('Omar')];
});
afterAll(() => stack?.stop());

/** A comment the system holds for review. */
async function heldComment(n: number): Promise<string> {
  const r = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body: `هذا الوزير كذاب ${n}`, author: { name: `Reader ${n}` } },
  });
  expect(await decided(stack, r.body.id)).toBe('pending');
  return r.body.id as string;
}

const decide = (
  who: { token: string },
  id: string,
  action: 'approve' | 'reject',
  json: object = { expectedStatus: 'pending' },
) =>
  call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/${action}`, {
    token: who.token,
    json,
  });

const pendingQueue = async (token: string) =>
  (
    await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?status=pending&limit=100', {
      token,
    })
  ).body.items as { id: string; claimedBy: { id: string; name: string } | null }[];

describe('two moderators deciding the same comment at once', () => {
  test('exactly one decision wins; the other moderator gets a 409 saying who decided what and when', async () => {
    for (let round = 0; round < 6; round++) {
      const id = await heldComment(round);
      // Real parallel HTTP requests: one approves, the other rejects, both saw "pending".
      const answers = await Promise.all([
        decide(layla, id, 'approve'),
        decide(omar, id, 'reject', { expectedStatus: 'pending', reason: 'insult' }),
      ]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 409]);
      const won = answers.find((a) => a.status === 200)!;
      const lost = answers.find((a) => a.status === 409)!;
      const winner = won.body.decision.decidedBy === layla.id ? layla : omar;
      expect(lost.headers.get('content-type')).toContain('application/problem+json');
      expect(lost.body).toMatchObject({
        status: 409,
        type: expect.stringMatching(/\/already-decided$/),
        decidedBy: { id: winner.id, name: winner === layla ? 'Layla' : 'Omar' },
        action: won.body.decision.action,
        decidedAt: won.body.decision.decidedAt,
        commentStatus: won.body.status,
      });

      const decisions = await stack.db.decision.findMany({ where: { commentId: id } });
      expect(decisions.filter((d) => d.decidedBy !== 'system')).toHaveLength(1);
      const events = await stack.db.moderationEvent.findMany({
        where: { targetId: id, actor: { not: 'system' } },
      });
      expect(events).toHaveLength(1);
      expect(events[0]!.actor).toBe(winner.id);
    }
  });

  test('a moderator who saw an older status gets a 409 even when nobody races', async () => {
    const id = await heldComment(100);
    expect((await decide(layla, id, 'approve')).status).toBe(200);
    const late = await decide(omar, id, 'approve');
    expect(late).toMatchObject({
      status: 409,
      body: { decidedBy: { id: layla.id, name: 'Layla' }, action: 'approve' },
    });
    // Without expectedStatus the moderator overrules whatever is there (as before).
    const overrule = await decide(omar, id, 'reject', {});
    expect(overrule).toMatchObject({ status: 200, body: { status: 'rejected' } });
  });
});

describe('claims: moderators see who is looking at which comment', () => {
  test('a claim shows on the queue for the other moderator, is refused to them, and a decision releases it', async () => {
    const id = await heldComment(200);
    const claimed = await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/claim`, {
      token: layla.token,
    });
    expect(claimed).toMatchObject({
      status: 200,
      body: { claimedBy: { id: layla.id, name: 'Layla' }, expiresAt: expect.any(String) },
    });
    const expires = Date.parse(claimed.body.expiresAt);
    expect(expires - Date.now()).toBeGreaterThan(30_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(60_000);

    const seenByOmar = (await pendingQueue(omar.token)).find((i) => i.id === id);
    expect(seenByOmar?.claimedBy).toEqual({ id: layla.id, name: 'Layla' });

    const refused = await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/claim`, {
      token: omar.token,
    });
    expect(refused).toMatchObject({
      status: 409,
      body: {
        type: expect.stringMatching(/\/claimed$/),
        claimedBy: { id: layla.id, name: 'Layla' },
        expiresAt: claimed.body.expiresAt,
      },
    });

    // Claiming again renews Layla's own claim.
    const renewed = await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/claim`, {
      token: layla.token,
    });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThanOrEqual(expires);

    const approved = await decide(layla, id, 'approve');
    expect(approved).toMatchObject({ status: 200, body: { claimedBy: null } });
    const claimedByOmar = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${id}/claim`,
      { token: omar.token },
    );
    expect(claimedByOmar).toMatchObject({ status: 200, body: { claimedBy: { name: 'Omar' } } });
  });

  test('an unclaimed comment shows claimedBy null, and claiming an unknown comment is a 404', async () => {
    const id = await heldComment(300);
    await eventually(async () =>
      (await pendingQueue(omar.token)).find((i) => i.id === id && i.claimedBy === null),
    );
    const unknown = await call(
      stack.baseUrl,
      'POST',
      '/api/v1/moderation/comments/00000000-0000-4000-8000-000000000000/claim',
      { token: omar.token },
    );
    expect(unknown).toMatchObject({ status: 404, body: { status: 404 } });
  });
});
