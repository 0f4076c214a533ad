import { precisionReportSchema } from '@cm/contracts';
import { loadModelFile } from '@cm/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  // Word lists plus the bundled learned scorer, as the worker runs by default.
  stack = await startStack({
    policy: { bannedWords: ['حمار'], suspectWords: ['كذاب', 'liar'] },
    model: await loadModelFile(),
  });
  moderator = await stack.createModerator('moderator');
  const english = await call(stack.baseUrl, 'PUT', '/api/v1/articles/floods-en', {
    token: stack.adminToken,
    json: { title: 'Floods', language: 'en' },
  });
  expect(english.status).toBe(201);
});
afterAll(() => stack?.stop());

async function post(articleId: string, body: string, expected: 'pending' | 'rejected') {
  const { body: accepted } = await call(
    stack.baseUrl,
    'POST',
    `/api/v1/articles/${articleId}/comments`,
    { json: { body, author: { name: 'Reader' } } },
  );
  expect(await decided(stack, accepted.id)).toBe(expected);
  return accepted.id as string;
}
async function decide(id: string, action: 'approve' | 'reject') {
  const response = await call(
    stack.baseUrl,
    'POST',
    `/api/v1/moderation/comments/${id}/${action}`,
    {
      token: moderator,
      json: {},
    },
  );
  expect(response.status).toBe(200);
}
async function precision(days?: number) {
  const response = await call(
    stack.baseUrl,
    'GET',
    `/api/v1/policy/precision${days ? `?days=${days}` : ''}`,
    { token: moderator },
  );
  expect(response.status).toBe(200);
  return precisionReportSchema.parse(response.body);
}

describe("how often each rule's holds are upheld by moderators", () => {
  test('moderators see, per rule, term and language, how many holds they upheld or overturned in the window', async () => {
    // A suspect word: two of its holds upheld, one overturned.
    for (const [body, action] of [
      ['الوزير كذاب ولا يستحق منصبه', 'reject'],
      ['هذا المسؤول كذاب ويعرف ذلك', 'reject'],
      ['قال الشاهد إن المتهم كذاب، حسب المحكمة', 'approve'],
    ] as const)
      await decide(await post('paris-raqqa', body, 'pending'), action);
    // English: a suspect word overturned; the learned scorer's hold upheld.
    await decide(
      await post('floods-en', 'The report quotes a witness calling him a liar', 'pending'),
      'approve',
    );
    await decide(
      await post(
        'floods-en',
        'you have the reading comprehension of a houseplant, go back to school',
        'pending',
      ),
      'reject',
    );
    // The system rejected a banned word; a moderator overturned it.
    await decide(await post('paris-raqqa', 'قصة الحمار في المزرعة جميلة', 'rejected'), 'approve');
    // Held but not decided yet: not counted.
    await post('paris-raqqa', 'كذاب كذاب', 'pending');
    // Decided 40 days ago: outside the default 30-day window.
    const old = await post('paris-raqqa', 'هو كذاب منذ زمن بعيد', 'pending');
    await decide(old, 'reject');
    await stack.db.$executeRaw`
      UPDATE decisions SET created_at = created_at - interval '40 days'
      WHERE comment_id = ${old}::uuid`;

    const report = await precision();
    expect(report.days).toBe(30);
    expect(report.totals).toEqual({ decided: 6, upheld: 3, overturned: 3, precision: 0.5 });
    expect(report.items).toContainEqual({
      rule: 'suspect-words',
      term: 'كذاب',
      language: 'ar',
      action: 'hold',
      decided: 3,
      upheld: 2,
      overturned: 1,
      precision: 2 / 3,
    });
    expect(report.items).toContainEqual({
      rule: 'suspect-words',
      term: 'liar',
      language: 'en',
      action: 'hold',
      decided: 1,
      upheld: 0,
      overturned: 1,
      precision: 0,
    });
    expect(report.items).toContainEqual(
      expect.objectContaining({
        rule: 'classifier',
        term: null,
        language: 'en',
        action: 'hold',
        upheld: 1,
      }),
    );
    expect(report.items).toContainEqual(
      expect.objectContaining({
        rule: 'banned-words',
        term: 'حمار',
        action: 'reject',
        decided: 1,
        overturned: 1,
      }),
    );
    expect(report.rules[0]).toMatchObject({ rule: 'suspect-words', decided: 4, upheld: 2 });

    // A wider window takes in the older decision.
    const wider = await precision(60);
    expect(wider.totals.decided).toBe(7);
    expect(wider.items).toContainEqual(
      expect.objectContaining({ rule: 'suspect-words', term: 'كذاب', decided: 4, upheld: 3 }),
    );
  });

  test('the report is for moderators, and a bad window is a 400 naming the field', async () => {
    expect((await call(stack.baseUrl, 'GET', '/api/v1/policy/precision')).status).toBe(401);
    const bad = await call(stack.baseUrl, 'GET', '/api/v1/policy/precision?days=0', {
      token: moderator,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: 'days' }));
  });
});
