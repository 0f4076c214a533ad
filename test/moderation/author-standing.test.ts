import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

// The worker decides with the author's standing and record, read from the authors table.
let stack: Stack;
let moderator: string;
beforeAll(async () => {
  stack = await startStack({
    policy: {
      bannedWords: ['حمار', 'idiot'],
      suspectWords: ['كذاب'],
      // New authors' first comment waits for a moderator.
      authorTrust: { holdFirstComments: 1 },
      // Hold authors whose last two or more decided comments were at least half rejected.
      autoPremoderation: { minDecided: 2, rejectedShare: 0.5 },
    },
  });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

const post = async (name: string, body: string) => {
  const accepted = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name, email: `${name.toLowerCase()}@example.org` } },
  });
  expect(accepted.status).toBe(202);
  return accepted.body.id as string;
};
const keyOf = async (commentId: string) =>
  (await stack.db.comment.findUniqueOrThrow({ where: { id: commentId } })).authorKey;
const setStanding = async (key: string, standing: string) => {
  const response = await call(
    stack.baseUrl,
    'PUT',
    `/api/v1/authors/${encodeURIComponent(key)}/standing`,
    { token: moderator, json: { standing, reason: 'test' } },
  );
  expect(response.status).toBe(200);
};
const findingsOf = async (commentId: string) => {
  const decision = await stack.db.decision.findFirstOrThrow({
    where: { commentId, decidedBy: 'system' },
  });
  return decision.findings as { rule: string; action: string; code?: string }[];
};

describe('the worker decides with the author’s standing', () => {
  test('a trusted author’s clean comment is approved at once, where a new author’s waits', async () => {
    const first = await post('Trusty', 'أول تعليق لي هنا');
    expect(await decided(stack, first)).toBe('pending');
    const key = await keyOf(first);
    await setStanding(key, 'trusted');

    // Another new author's comment still waits…
    const stranger = await post('Stranger', 'تعليق عادي');
    expect(await decided(stack, stranger)).toBe('pending');
    // …while the trusted author's goes straight to the thread.
    const second = await post('Trusty', 'تعليق آخر مفيد');
    expect(await decided(stack, second)).toBe('approved');
    expect(await findingsOf(second)).toContainEqual(
      expect.objectContaining({ rule: 'author-trust', action: 'approve' }),
    );
  });

  test('approvals by moderators count toward an author’s record: after their first approved comment they are no longer new', async () => {
    const first = await post('Newcomer', 'مرحبا بالجميع');
    expect(await decided(stack, first)).toBe('pending');
    const approved = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${first}/approve`,
      { token: moderator },
    );
    expect(approved.status).toBe(200);
    const second = await post('Newcomer', 'تعليق ثانٍ');
    expect(await decided(stack, second)).toBe('approved');
  });

  test('a premoderated author’s clean comment waits for a moderator, with the reason named', async () => {
    const first = await post('Watched', 'تعليق أول');
    await decided(stack, first);
    await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${first}/approve`, {
      token: moderator,
    });
    await setStanding(await keyOf(first), 'premoderated');

    const clean = await post('Watched', 'تعليق مهذب تماماً');
    expect(await decided(stack, clean)).toBe('pending');
    expect(await findingsOf(clean)).toContainEqual(
      expect.objectContaining({ code: 'author-premoderated', action: 'hold' }),
    );
    // The queue shows the standing beside the author.
    const queue = await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?limit=100', {
      token: moderator,
    });
    const item = queue.body.items.find((i: { id: string }) => i.id === clean);
    expect(item.author).toMatchObject({ name: 'Watched', standing: 'premoderated' });
  });

  test('an author whose recent comments were mostly rejected is held, with the share in the finding', async () => {
    const rejected = [await post('Troll', 'أنت حمار'), await post('Troll', 'you idiot')];
    for (const id of rejected) expect(await decided(stack, id)).toBe('rejected');

    const clean = await post('Troll', 'تعليق هادئ هذه المرة');
    expect(await decided(stack, clean)).toBe('pending');
    expect(await findingsOf(clean)).toContainEqual(
      expect.objectContaining({
        code: 'author-recent-rejections',
        action: 'hold',
        params: expect.objectContaining({ rejected: 2, decided: 2 }),
      }),
    );
    const author = await call(
      stack.baseUrl,
      'GET',
      `/api/v1/authors/${encodeURIComponent(await keyOf(clean))}`,
      { token: moderator },
    );
    expect(author.body.counts).toMatchObject({ approved: 0, rejected: 2 });
  });
});
