import { loadModelFile } from '@cm/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
let modelVersion: string;
beforeAll(async () => {
  // The worker's defaults: the bundled model, with a policy that lists none of these words.
  const model = await loadModelFile();
  modelVersion = model.version;
  stack = await startStack({ policy: { bannedWords: ['حمار'] }, model });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

const post = (body: string) =>
  call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name: 'Reader' } },
  });
const item = async (status: string, id: string) =>
  (
    await call(stack.baseUrl, 'GET', `/api/v1/moderation/comments?status=${status}&limit=100`, {
      token: moderator,
    })
  ).body.items.find((i: { id: string }) => i.id === id);

describe('the learned scorer in the running service', () => {
  test('when a reader insults another without any listed word, the comment waits for a moderator, who sees the score, the model and the words behind it', async () => {
    const body = 'you have the reading comprehension of a houseplant, go back to school';
    const { body: accepted } = await post(body);
    expect(await decided(stack, accepted.id)).toBe('pending');

    const held = await item('pending', accepted.id);
    expect(held.decision).toMatchObject({ action: 'hold', decidedBy: 'system' });
    const finding = held.decision.findings.find((f: { rule: string }) => f.rule === 'classifier');
    expect(finding).toMatchObject({
      action: 'hold',
      modelVersion,
      holdAt: 0.5,
      score: expect.any(Number),
    });
    expect(finding.score).toBeGreaterThanOrEqual(0.5);
    expect(finding.spans.length).toBeGreaterThan(0);
    for (const span of finding.spans) expect(body.slice(span.start, span.end)).toBe(span.text);
    // The worker saved the model it was given as the first scorer model version; the decision
    // names that version next to the policy version.
    const decision = await stack.db.decision.findFirstOrThrow({
      where: { commentId: accepted.id },
    });
    expect(decision).toMatchObject({ policyVersion: 1, modelVersion: 1 });
  });

  test('news talk is published at once; its score stays on the record', async () => {
    const { body: accepted } = await post(
      'شكرا على هذا التقرير المفصل، نحتاج إلى مثل هذه التغطية الصحفية الجادة',
    );
    expect(await decided(stack, accepted.id)).toBe('approved');
    const published = await item('approved', accepted.id);
    expect(published.decision.findings).toEqual([
      expect.objectContaining({ rule: 'classifier', action: 'score', modelVersion }),
    ]);
  });
});
