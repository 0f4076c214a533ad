import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  // Default near-duplicate settings: three other authors within 60 minutes hold the next one.
  stack = await startStack({ policy: { bannedWords: ['حمار'] } });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

const post = async (article: string, body: string, name: string) => {
  const response = await call(stack.baseUrl, 'POST', `/api/v1/articles/${article}/comments`, {
    json: { body, author: { name, email: `${name.replace(/\W/g, '')}@example.org` } },
  });
  expect(response.status).toBe(202);
  return response.body.id as string;
};
const pendingItem = async (id: string) =>
  (
    await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?status=pending&limit=100', {
      token: moderator,
    })
  ).body.items.find((i: { id: string }) => i.id === id);

describe('the same comment from many authors (coordinated posting)', () => {
  test('when three readers have posted almost the same comment, the fourth is held and the moderator sees which comments it copies', async () => {
    const campaign = [
      'الحكومة تكذب عليكم كل يوم، لا تصدقوا أي كلمة في هذا المقال المدفوع',
      'الحكومة تكذب عليكم كل يوم!! لا تصدقوا أي كلمة في هذا المقال المدفوع',
      'الحكومه تكذب عليكم كل يوم، لا تصدقوا اي كلمة في هذا المقال المدفوع ابدا',
      'يا جماعة الحكومة تكذب عليكم كل يوم، لا تصدقوا أي كلمة في هذا المقال المدفوع',
    ];
    const earlier: string[] = [];
    for (const [i, body] of campaign.slice(0, 3).entries()) {
      const id = await post('paris-raqqa', body, `Reader ${i + 1}`);
      // Each of the first three is an ordinary opinion on its own: published.
      expect(await decided(stack, id)).toBe('approved');
      earlier.push(id);
    }

    const fourth = await post('paris-raqqa', campaign[3]!, 'Reader 4');
    expect(await decided(stack, fourth)).toBe('pending');
    const item = await pendingItem(fourth);
    const finding = item.decision.findings.find(
      (f: { code: string }) => f.code === 'near-duplicate',
    );
    expect(finding).toMatchObject({
      rule: 'near-duplicates',
      action: 'hold',
      params: { authors: 3, threshold: 3, windowMinutes: 60 },
    });
    expect(finding.params.commentIds.split(', ').sort()).toEqual([...earlier].sort());
    expect(finding.messages.ar).toContain(earlier[0]);
    expect(finding.messages.en).toContain(earlier[0]);

    // An unrelated comment on the same article is published as usual.
    const unrelated = await post(
      'paris-raqqa',
      'أتفق مع الكاتب في تحليله للوضع الاقتصادي، لكن الأرقام تحتاج إلى مصدر واضح',
      'Reader 5',
    );
    expect(await decided(stack, unrelated)).toBe('approved');
  });

  test('the same short reply from many readers is not a campaign', async () => {
    for (let i = 0; i < 5; i++) {
      const id = await post('paris-raqqa', 'شكرا على المقال الرائع', `Thankful ${i}`);
      expect(await decided(stack, id)).toBe('approved');
    }
  });
});
