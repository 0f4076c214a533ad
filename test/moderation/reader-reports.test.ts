import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  stack = await startStack({
    policy: { reports: { holdThreshold: 3, rejectThreshold: 5 } },
    env: { REPORT_RATE_LIMIT_PER_READER: '4', REPORT_RATE_LIMIT_PER_IP: '1000' },
  });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

let n = 0;
/** A comment the system approved: it is in the thread. */
async function publishedComment(): Promise<string> {
  n += 1;
  const r = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body: `رأي رقم ${n} في المقال`, author: { name: `كاتب ${n}` } },
  });
  expect(await decided(stack, r.body.id)).toBe('approved');
  return r.body.id as string;
}

const report = (id: string, reader: string, reason = 'abuse', note?: string) =>
  call(stack.baseUrl, 'POST', `/api/v1/comments/${id}/reports`, {
    json: { reason, ...(note !== undefined && { note }) },
    headers: { 'x-reader-id': reader },
  });

const inThread = async (id: string) =>
  (
    (await call(stack.baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments?limit=100')).body
      .items as { id: string }[]
  ).some((c) => c.id === id);

const queueItem = async (status: string, id: string) =>
  (
    (
      await call(stack.baseUrl, 'GET', `/api/v1/moderation/comments?status=${status}&limit=100`, {
        token: moderator,
      })
    ).body.items as { id: string; [k: string]: any }[]
  ).find((i) => i.id === id);

describe('readers report comments and moderators see them in the reported queue', () => {
  test('three readers report a comment: it enters the reported queue with their reasons and stays in the thread', async () => {
    const id = await publishedComment();
    for (const [reader, reason] of [
      ['reader-aaaa-1', 'abuse'],
      ['reader-bbbb-2', 'abuse'],
      ['reader-cccc-3', 'spam'],
    ] as const) {
      const r = await report(id, reader, reason, 'مسيء');
      expect(r).toMatchObject({ status: 202, body: { status: 'received' } });
    }
    const item = await eventually(() => queueItem('reported', id), 15_000, 'the reported queue');
    expect(item).toMatchObject({
      status: 'approved',
      reported: true,
      reports: { count: 3, weight: 3, reasons: { abuse: 2, spam: 1 } },
    });
    expect(await inThread(id)).toBe(true);

    const page = await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?status=reported', {
      token: moderator,
    });
    expect(page.body.counts.reported).toBeGreaterThanOrEqual(1);
    const events = await stack.db.moderationEvent.findMany({
      where: { targetId: id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.type)).toEqual([
      'comment.approved',
      'comment.reported',
      'comment.reported',
      'comment.reported',
      'comment.flagged',
    ]);
    expect(events[1]).toMatchObject({
      actor: expect.stringMatching(/^reader:/),
      data: { reason: 'abuse', note: 'مسيء' },
    });
    // The audit trail names the readers without saying who they are.
    const audit = await call(
      stack.baseUrl,
      'GET',
      `/api/v1/audit?target=${id}&action=comment.reported`,
      { token: stack.adminToken },
    );
    expect(audit.body.items).toHaveLength(3);
    expect(audit.body.items[0].actor.name).toBe('a reader');
    // The author's drawer counts the reports against their comments.
    const author = await call(
      stack.baseUrl,
      'GET',
      `/api/v1/authors/${encodeURIComponent(item.author.key as string)}`,
      { token: moderator },
    );
    expect(author.body.counts.reported).toBe(3);
  });

  test('the same reader reporting twice counts once (both answered 202)', async () => {
    const id = await publishedComment();
    expect((await report(id, 'reader-dddd-4')).status).toBe(202);
    expect((await report(id, 'reader-dddd-4', 'spam')).status).toBe(202);
    expect(await stack.db.report.count({ where: { commentId: id } })).toBe(1);
    const { authorKey } = await stack.db.comment.findUniqueOrThrow({ where: { id } });
    expect(
      (await stack.db.author.findUniqueOrThrow({ where: { key: authorKey } })).reportedCount,
    ).toBeGreaterThanOrEqual(1);
    expect(
      await stack.db.moderationEvent.count({ where: { targetId: id, type: 'comment.reported' } }),
    ).toBe(1);
    const item = await eventually(
      async () => {
        const found = await queueItem('approved', id);
        return found?.reports ? found : undefined;
      },
      15_000,
      'the report on the item',
    );
    expect(item.reports).toEqual({ count: 1, weight: 1, reasons: { abuse: 1 } });
    expect(item.reported).toBe(false);
  });

  test('at the hide threshold the comment leaves the thread until a moderator approves it; their reports are dismissed and weigh less next time', async () => {
    const id = await publishedComment();
    const readers = ['hide-reader-1', 'hide-reader-2', 'hide-reader-3', 'hide-reader-4'];
    for (const reader of readers) expect((await report(id, reader)).status).toBe(202);
    await eventually(() => queueItem('reported', id), 15_000, 'the reported queue');
    expect(await inThread(id)).toBe(true);

    expect((await report(id, 'hide-reader-5', 'off-topic')).status).toBe(202);
    await eventually(async () => ((await inThread(id)) ? undefined : true), 15_000, 'hidden');
    const hidden = await queueItem('reported', id);
    expect(hidden).toMatchObject({
      status: 'pending',
      reported: true,
      reports: { count: 5, weight: 5, reasons: { abuse: 4, 'off-topic': 1 } },
      decision: { action: 'hold', decidedBy: 'system' },
    });
    expect(hidden!.decision.findings).toContainEqual(
      expect.objectContaining({ rule: 'reports', action: 'reject' }),
    );
    expect((await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`)).body.status).toBe(
      'pending',
    );

    const approved = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${id}/approve`,
      { token: moderator, json: { expectedStatus: 'pending', reason: 'fair comment' } },
    );
    expect(approved).toMatchObject({
      status: 200,
      body: { status: 'approved', reported: false, reports: null },
    });
    expect(await inThread(id)).toBe(true);
    expect(await queueItem('reported', id)).toBeUndefined();
    const outcomes = await stack.db.report.findMany({ where: { commentId: id } });
    expect(outcomes.map((r) => r.outcome)).toEqual(Array(5).fill('DISMISSED'));

    // Their next reports weigh 2·(0+1)/(1+2) = 0.667 each: three of them no longer reach 3.
    const next = await publishedComment();
    for (const reader of readers.slice(0, 3)) expect((await report(next, reader)).status).toBe(202);
    const item = await eventually(
      async () => {
        const found = await queueItem('approved', next);
        return found?.reports?.count === 3 ? found : undefined;
      },
      15_000,
      'three reports on the item',
    );
    expect(item.reports.weight).toBeCloseTo(2, 2);
    expect(item.reported).toBe(false);
  });

  test('a moderator rejecting a reported comment upholds the reports, and it leaves the queue', async () => {
    const id = await publishedComment();
    for (const reader of ['uphold-1', 'uphold-2', 'uphold-3'])
      expect((await report(id, `${reader}-xxxx`, 'spam')).status).toBe(202);
    await eventually(() => queueItem('reported', id), 15_000, 'the reported queue');
    const rejected = await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/reject`, {
      token: moderator,
      json: { expectedStatus: 'approved' },
    });
    expect(rejected).toMatchObject({ status: 200, body: { status: 'rejected', reported: false } });
    expect(await inThread(id)).toBe(false);
    const outcomes = await stack.db.report.findMany({ where: { commentId: id } });
    expect(outcomes.map((r) => r.outcome)).toEqual(['UPHELD', 'UPHELD', 'UPHELD']);
  });
});

describe('bad reports are refused with a problem', () => {
  test('an unknown comment is a 404 and stores nothing', async () => {
    const r = await report('00000000-0000-4000-8000-000000000000', 'reader-zzzz-0');
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r).toMatchObject({ status: 404, body: { status: 404 } });
    expect(
      (
        await call(stack.baseUrl, 'POST', '/api/v1/comments/not-a-uuid/reports', {
          json: { reason: 'spam' },
        })
      ).status,
    ).toBe(404);
  });

  test('an unknown reason, a long note or a bad reader id is a 400 naming the field', async () => {
    const id = await publishedComment();
    expect((await report(id, 'reader-yyyy-1', 'boring')).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'reason' })],
    });
    expect((await report(id, 'reader-yyyy-1', 'other', 'x'.repeat(501))).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'note' })],
    });
    expect((await report(id, 'bad id!')).status).toBe(400);
    expect(await stack.db.report.count({ where: { commentId: id } })).toBe(0);
  });

  test('a reader reporting too fast gets a 429 with Retry-After', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await publishedComment());
    const answers = [];
    for (const id of ids) answers.push(await report(id, 'fast-reader-1'));
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(answers[4]).toMatchObject({
      status: 429,
      body: { status: 429, detail: expect.stringContaining('reports') },
    });
    expect(Number(answers[4]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
