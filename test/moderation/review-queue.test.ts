import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  stack = await startStack({
    policy: { bannedWords: ['حمار', 'idiot'], suspectWords: ['كذاب', 'liar'] },
  });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

const post = (body: string, name = 'Reader') =>
  call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name, email: `${name.replace(/\W/g, '')}@example.org` } },
  });
const thread = async () =>
  (await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments?limit=100')).body
    .items as { id: string }[];
const queue = async (status: string) =>
  (
    await call(stack.baseUrl, 'GET', `/api/v1/moderation/comments?status=${status}&limit=100`, {
      token: moderator,
    })
  ).body;

describe('moderators see why the system held or rejected a comment', () => {
  test('a comment with a banned word is rejected, never appears in the thread, and shows in the rejected queue with its finding', async () => {
    const body = 'أنت حمار ولا تفهم شيئاً';
    const { body: accepted } = await post(body, 'Angry Reader');
    expect(await decided(stack, accepted.id)).toBe('rejected');
    expect(
      (await call(stack.baseUrl, 'GET', `/api/v1/comments/${accepted.id}/status`)).body.status,
    ).toBe('rejected');
    expect((await thread()).map((c) => c.id)).not.toContain(accepted.id);

    const rejected = await queue('rejected');
    const item = rejected.items.find((i: { id: string }) => i.id === accepted.id);
    expect(item).toMatchObject({
      id: accepted.id,
      articleId: 'paris-raqqa',
      articleTitle: expect.stringContaining('باريس'),
      body,
      author: { name: 'Angry Reader', email: 'AngryReader@example.org' },
      status: 'rejected',
      decision: { action: 'reject', decidedBy: 'system', decidedByName: 'system' },
    });
    const finding = item.decision.findings.find((f: { rule: string }) => f.rule === 'banned-words');
    expect(finding).toMatchObject({
      action: 'reject',
      reason: expect.any(String),
      code: 'banned-word',
      params: { term: expect.any(String), count: 1 },
    });
    // The reason in both languages, for the console to show in the moderator's language.
    expect(finding.messages.en).toBe(finding.reason);
    expect(finding.messages.ar).toMatch(/^يحتوي على العبارة المحظورة «.+»/u);
    // The span points at the word in the original text, so the console can highlight it.
    const span = finding.spans[0];
    expect(body.slice(span.start, span.end)).toBe('حمار');
    expect(rejected.counts.rejected).toBeGreaterThanOrEqual(1);

    const audit = await stack.db.moderationEvent.findMany({ where: { targetId: accepted.id } });
    expect(audit).toEqual([expect.objectContaining({ actor: 'system', type: 'comment.rejected' })]);
  });

  test('a comment with a suspect word waits in the pending queue until a moderator approves it, then appears', async () => {
    const { body: accepted } = await post('هذا الوزير كذاب في كل تصريحاته', 'Skeptic');
    expect(await decided(stack, accepted.id)).toBe('pending');
    expect((await thread()).map((c) => c.id)).not.toContain(accepted.id);

    const pending = await queue('pending');
    const item = pending.items.find((i: { id: string }) => i.id === accepted.id);
    expect(item.decision).toMatchObject({ action: 'hold', decidedBy: 'system' });
    expect(item.decision.findings).toContainEqual(
      expect.objectContaining({ rule: 'suspect-words', action: 'hold' }),
    );
    const pendingBefore = pending.counts.pending;

    const approved = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${accepted.id}/approve`,
      {
        token: moderator,
        json: { reason: 'Political criticism, allowed' },
      },
    );
    expect(approved).toMatchObject({
      status: 200,
      body: {
        id: accepted.id,
        status: 'approved',
        decision: {
          action: 'approve',
          decidedByName: 'Test moderator',
          reason: 'Political criticism, allowed',
        },
      },
    });
    // The system's findings stay visible after a moderator overrules them.
    expect(approved.body.decision.findings).toContainEqual(
      expect.objectContaining({ rule: 'suspect-words' }),
    );
    expect((await thread()).map((c) => c.id)).toContain(accepted.id);
    expect((await queue('pending')).counts.pending).toBe(pendingBefore - 1);

    const audit = await stack.db.moderationEvent.findMany({
      where: { targetId: accepted.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.type)).toEqual(['comment.held', 'comment.approved']);
    expect(audit[1]).toMatchObject({
      data: expect.objectContaining({
        reason: 'Political criticism, allowed',
        previousStatus: 'pending',
      }),
    });
  });

  test('a moderator can reject an approved comment, which leaves the thread at once', async () => {
    const { body: accepted } = await post('Nice article', 'Friendly');
    expect(await decided(stack, accepted.id)).toBe('approved');
    const rejected = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${accepted.id}/reject`,
      { token: moderator },
    );
    expect(rejected).toMatchObject({
      status: 200,
      body: { status: 'rejected', decision: { action: 'reject', reason: null } },
    });
    expect((await thread()).map((c) => c.id)).not.toContain(accepted.id);
  });

  test('the queue can be filtered by article and pages by cursor', async () => {
    await call(stack.baseUrl, 'PUT', '/api/v1/articles/other', {
      token: stack.adminToken,
      json: { title: 'Other', language: 'en' },
    });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const r = await call(stack.baseUrl, 'POST', '/api/v1/articles/other/comments', {
        json: { body: `you liar ${n}`, author: { name: `P${n}` } },
      });
      ids.push(r.body.id);
    }
    for (const id of ids) await decided(stack, id);
    const first = await call(
      stack.baseUrl,
      'GET',
      '/api/v1/moderation/comments?status=pending&articleId=other&limit=2',
      { token: moderator },
    );
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(ids.slice(0, 2)); // oldest first
    expect(first.body.counts).toEqual({ pending: 3, approved: 0, rejected: 0, reported: 0 });
    const second = await call(
      stack.baseUrl,
      'GET',
      `/api/v1/moderation/comments?status=pending&articleId=other&limit=2&cursor=${first.body.nextCursor}`,
      { token: moderator },
    );
    expect(second.body).toMatchObject({
      items: [expect.objectContaining({ id: ids[2] })],
      nextCursor: null,
    });
  });

  test('deciding on an unknown comment gets a 404 and writes nothing', async () => {
    const auditBefore = await stack.db.moderationEvent.count();
    const r = await call(
      stack.baseUrl,
      'POST',
      '/api/v1/moderation/comments/00000000-0000-4000-8000-000000000000/approve',
      { token: moderator },
    );
    expect(r).toMatchObject({ status: 404, body: { status: 404 } });
    expect(await stack.db.moderationEvent.count()).toBe(auditBefore);
  });

  test('a reason that is not a string gets a 400 naming reason', async () => {
    const { body: accepted } = await post('liar liar', 'Kid');
    await decided(stack, accepted.id);
    const r = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${accepted.id}/reject`,
      { token: moderator, json: { reason: 7 } },
    );
    expect(r).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ path: 'reason' })] },
    });
    expect(
      await stack.db.comment.findUnique({ where: { id: accepted.id }, select: { status: true } }),
    ).toEqual({ status: 'PENDING' });
  });
});
