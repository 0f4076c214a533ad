import { EventStream, createRedis } from '@cm/queue';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let redis: ReturnType<typeof createRedis>;
let stream: EventStream;
beforeAll(async () => {
  stack = await startStack({ policy: { bannedWords: [], suspectWords: ['liar'] } });
  redis = createRedis(stack.redisUrl, 'client');
  stream = new EventStream(redis, stack.prefix);
});
afterAll(async () => {
  await redis?.quit();
  await stack?.stop();
});

test('every committed decision reaches the live stream once, with its event id, in the order it happened', async () => {
  const post = async (body: string) => {
    const response = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
      json: { body, author: { name: 'Outbox reader' } },
    });
    expect(response.status).toBe(202);
    return response.body.id as string;
  };
  const clean = await post('A calm and considered comment.');
  const held = await post('The minister is a liar, in my view.');
  await decided(stack, clean);
  await decided(stack, held);

  const moderator = await stack.createModerator();
  const decision = await call(
    stack.baseUrl,
    'POST',
    `/api/v1/moderation/comments/${held}/approve`,
    {
      token: moderator,
      json: {},
    },
  );
  expect(decision.status).toBe(200);

  const entries = await eventually(
    async () => {
      const all = await stream.readAfter('0');
      const mine = all.filter((e) => e.event.targetId === clean || e.event.targetId === held);
      return mine.length >= 3 ? mine : undefined;
    },
    10_000,
    'three events on the live stream',
  );
  expect(entries.map((e) => [e.event.targetId, e.event.type])).toEqual([
    [clean, 'comment.approved'],
    [held, 'comment.held'],
    [held, 'comment.approved'],
  ]);
  expect(entries[2]!.event.actor).not.toBe('system');
  const ids = entries.map((e) => e.event.eventId);
  expect(new Set(ids).size).toBe(3);
  // The outbox marks what it published, so a restarted relay does not publish it again.
  const unpublished = await stack.db.moderationEvent.count({
    where: { targetId: { in: [clean, held] }, publishedAt: null },
  });
  expect(unpublished).toBe(0);
});
