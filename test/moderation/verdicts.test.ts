import { VerdictRepository } from '@cm/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let layla: string;
let omar: string;
beforeAll(async () => {
  stack = await startStack({ policy: { bannedWords: ['حمار'], suspectWords: ['كذاب', 'liar'] } });
  [layla, omar] = await Promise.all([stack.createModerator(), stack.createModerator()]);
});
afterAll(() => stack?.stop());

const post = async (body: string) => {
  const { body: accepted } = await call(
    stack.baseUrl,
    'POST',
    '/api/v1/articles/paris-raqqa/comments',
    { json: { body, author: { name: 'Reader' } } },
  );
  await decided(stack, accepted.id);
  return accepted.id as string;
};
const decide = (token: string, id: string, action: 'approve' | 'reject') =>
  call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/${action}`, { token, json: {} });

describe("what the scorer learns from moderators' verdicts", () => {
  test('a held comment a moderator approves is a clean verdict, a rejected one an abusive verdict; the latest moderator decision wins and the system alone never counts', async () => {
    const approved = await post('هذا الكلام كذاب في نظري لكن المقال جيد');
    const rejected = await post('you are a liar and everyone here knows it');
    const changed = await post('الكاتب كذاب ومعروف بذلك');
    const systemOnly = await post('شكرا على التقرير المفصل');
    const systemRejected = await post('أنت حمار');
    const overturned = await post('كلمة حمار في قصة عن المزرعة');

    expect((await decide(layla, approved, 'approve')).status).toBe(200);
    expect((await decide(layla, rejected, 'reject')).status).toBe(200);
    expect((await decide(layla, changed, 'reject')).status).toBe(200);
    // Another moderator changes their colleague's mind: the latest decision is the verdict.
    expect((await decide(omar, changed, 'approve')).status).toBe(200);
    expect((await decide(omar, overturned, 'approve')).status).toBe(200);

    const verdicts = await new VerdictRepository(stack.db).verdicts();
    const byId = new Map(verdicts.map((v) => [v.commentId, v]));
    expect(byId.get(approved)).toMatchObject({ action: 'approve', articleLanguage: 'ar' });
    expect(byId.get(rejected)).toMatchObject({
      action: 'reject',
      body: 'you are a liar and everyone here knows it',
    });
    expect(byId.get(changed)?.action).toBe('approve');
    expect(byId.get(overturned)?.action).toBe('approve');
    expect(byId.has(systemOnly)).toBe(false);
    expect(byId.has(systemRejected)).toBe(false);
    expect(verdicts).toHaveLength(4);
  });
});
