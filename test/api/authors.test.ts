import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { authorSchema, moderationPageSchema } from '@cm/contracts';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  stack = await startStack({ policy: { bannedWords: ['حمار'], suspectWords: ['كذاب'] } });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

const post = (name: string, body = 'مقال مفيد، شكراً') =>
  call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name, email: `${name.toLowerCase()}@example.org` } },
  });
const authorPath = (key: string) => `/api/v1/authors/${encodeURIComponent(key)}`;
const getAuthor = (key: string) =>
  call(stack.baseUrl, 'GET', authorPath(key), { token: moderator });
const setStanding = (key: string, json: unknown) =>
  call(stack.baseUrl, 'PUT', `${authorPath(key)}/standing`, { token: moderator, json });

/** Posts one comment as `name`, waits for it to be stored, and returns the author's key. */
async function knownAuthor(name: string, body?: string): Promise<string> {
  const accepted = await post(name, body);
  expect(accepted.status).toBe(202);
  const status = await decided(stack, accepted.body.id);
  const queue = await call(
    stack.baseUrl,
    'GET',
    `/api/v1/moderation/comments?status=${status}&limit=100`,
    { token: moderator },
  );
  const item = queue.body.items.find((i: { id: string }) => i.id === accepted.body.id);
  return item.author.key as string;
}

async function jobCount(): Promise<number> {
  const { Queue } = await import('bullmq');
  const queue = new Queue('comments', {
    connection: { url: stack.redisUrl },
    prefix: stack.prefix,
  });
  try {
    return Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}

describe('moderators see who wrote a comment and how that author has fared', () => {
  test('queue items name the author with a key and standing; the author page counts their approved and rejected comments, moderators included', async () => {
    const key = await knownAuthor('Huda');
    await knownAuthor('Huda', 'أنت حمار'); // rejected by the system
    const held = await post('Huda', 'هذا الوزير كذاب');
    expect(await decided(stack, held.body.id)).toBe('pending');

    const pending = await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?limit=100', {
      token: moderator,
    });
    moderationPageSchema.parse(pending.body);
    const item = pending.body.items.find((i: { id: string }) => i.id === held.body.id);
    expect(item.author).toEqual({
      name: 'Huda',
      email: 'huda@example.org',
      key,
      standing: 'normal',
    });

    let author = await getAuthor(key);
    expect(author.status).toBe(200);
    authorSchema.parse(author.body);
    expect(author.body).toMatchObject({
      key,
      displayName: 'Huda',
      standing: 'normal',
      suspendedUntil: null,
      counts: { approved: 1, rejected: 1, reported: 0 },
    });
    expect(author.body.comments.map((c: { id: string }) => c.id)[0]).toBe(held.body.id);
    expect(author.body.comments).toHaveLength(3);

    // A moderator's decision moves the counts at once.
    const approved = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${held.body.id}/approve`,
      { token: moderator },
    );
    expect(approved.status).toBe(200);
    author = await getAuthor(key);
    expect(author.body.counts).toEqual({ approved: 2, rejected: 1, reported: 0 });
    await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${held.body.id}/reject`, {
      token: moderator,
    });
    author = await getAuthor(key);
    expect(author.body.counts).toEqual({ approved: 1, rejected: 2, reported: 0 });
  });

  test('an unknown author is 404, and the author routes need a moderator token', async () => {
    expect((await getAuthor('no-such-author')).status).toBe(404);
    expect((await call(stack.baseUrl, 'GET', authorPath('anyone'))).status).toBe(401);
    expect(
      (await setStanding('no-such-author', { standing: 'banned', reason: 'spam' })).status,
    ).toBe(404);
  });
});

describe('a moderator sets an author’s standing', () => {
  test('a banned author’s next comment is refused with 403 author-banned, and nothing is queued', async () => {
    const key = await knownAuthor('Spammer');
    const banned = await setStanding(key, { standing: 'banned', reason: 'Link spam, three times' });
    expect(banned.status).toBe(200);
    expect(banned.body).toMatchObject({ key, standing: 'banned', suspendedUntil: null });

    const jobsBefore = await jobCount();
    const commentsBefore = await stack.db.comment.count();
    const refused = await post('Spammer', 'تعليق جديد');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toMatch(/\/author-banned$/);
    expect(refused.body.detail).toEqual(expect.any(String));
    expect(await jobCount()).toBe(jobsBefore);
    expect(await stack.db.comment.count()).toBe(commentsBefore);

    // The standing change is in the audit trail, with who did it and why.
    const events = await stack.db.moderationEvent.findMany({
      where: { targetType: 'author', targetId: key },
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'author.standing_changed',
        actor: expect.any(String),
        data: expect.objectContaining({
          from: 'normal',
          to: 'banned',
          reason: 'Link spam, three times',
          moderatorName: 'Test moderator',
        }),
      }),
    ]);
  });

  test('a suspended author is refused with the end of the suspension, and can post again once it has passed', async () => {
    const key = await knownAuthor('Hasty');
    const until = new Date(Date.now() + 2_000);
    const suspended = await setStanding(key, {
      standing: 'suspended',
      until: until.toISOString(),
      reason: 'Cooling off',
    });
    expect(suspended.body).toMatchObject({
      standing: 'suspended',
      suspendedUntil: until.toISOString(),
    });

    const refused = await post('Hasty', 'مرة أخرى');
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/\/author-suspended$/);
    expect(refused.body.until).toBe(until.toISOString());

    const accepted = await eventually(
      async () => {
        const response = await post('Hasty', 'عدت بعد انتهاء الإيقاف');
        return response.status === 202 ? response : undefined;
      },
      15_000,
      'the suspension to end',
      250,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(until.getTime());
    expect(await decided(stack, accepted.body.id)).toBe('approved');
    expect((await getAuthor(key)).body).toMatchObject({ standing: 'normal', suspendedUntil: null });
  });

  test('a suspension needs an end, and a standing must be one of the five', async () => {
    const key = await knownAuthor('Careful');
    const noEnd = await setStanding(key, { standing: 'suspended', reason: 'x' });
    expect(noEnd.status).toBe(400);
    expect(noEnd.body.errors).toContainEqual(expect.objectContaining({ path: 'until' }));
    const past = await setStanding(key, {
      standing: 'suspended',
      until: new Date(Date.now() - 60_000).toISOString(),
      reason: 'x',
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toContainEqual({
      path: 'until',
      message: 'until must be in the future',
    });
    const unknown = await setStanding(key, { standing: 'vip', reason: 'x' });
    expect(unknown.status).toBe(400);
    const noReason = await setStanding(key, { standing: 'trusted' });
    expect(noReason.status).toBe(400);
    expect((await getAuthor(key)).body.standing).toBe('normal');
  });

  test('a note about an author is kept with who wrote it, shown on the author, and recorded as an event', async () => {
    const key = await knownAuthor('Noted');
    const note = await call(stack.baseUrl, 'POST', `${authorPath(key)}/notes`, {
      token: moderator,
      json: { body: 'يكتب بحدة لكنه لا يشتم — راقبوه' },
    });
    expect(note.status).toBe(201);
    expect(note.body).toEqual({
      id: expect.any(String),
      body: 'يكتب بحدة لكنه لا يشتم — راقبوه',
      moderator: { id: expect.any(String), name: 'Test moderator' },
      createdAt: expect.any(String),
    });
    const author = await getAuthor(key);
    expect(author.body.notes).toEqual([note.body]);
    const events = await stack.db.moderationEvent.findMany({
      where: { targetType: 'author', targetId: key, type: 'author.note_added' },
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ noteId: note.body.id });

    const empty = await call(stack.baseUrl, 'POST', `${authorPath(key)}/notes`, {
      token: moderator,
      json: { body: '   ' },
    });
    expect(empty.status).toBe(400);
  });
});
