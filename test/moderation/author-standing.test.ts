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
});
