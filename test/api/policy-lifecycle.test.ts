import { randomUUID } from 'node:crypto';
import {
  policyDiffSchema,
  policyVersionListSchema,
  policyVersionSchema,
  problemSchema,
} from '@cm/contracts';
import { PolicyRepository } from '@cm/db';
import { ConfigBus, createRedis, waitForRedis } from '@cm/queue';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  stack = await startStack({ policy: { bannedWords: ['حمار'], suspectWords: ['كذاب'] } });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

const admin = () => stack.adminToken;
const post = async (body: string): Promise<string> => {
  const { status, body: accepted } = await call(
    stack.baseUrl,
    'POST',
    '/api/v1/articles/paris-raqqa/comments',
    // A new author each time: the repeat-post rule must not be what decides.
    { json: { body, author: { name: `Reader ${randomUUID().slice(0, 8)}` } } },
  );
  expect(status).toBe(202);
  return accepted.id as string;
};
const decisionOf = (commentId: string) =>
  stack.db.decision.findFirstOrThrow({ where: { commentId }, orderBy: { createdAt: 'asc' } });
const policy = (path = '') => `/api/v1/policy${path}`;

/**
 * Posts a comment every 100 ms until one gets `status`; returns how long after `since` that
 * comment was posted (what a reader would notice: the first comment the new rules judged).
 */
async function firstJudgedAs(body: string, status: string, since: number) {
  for (;;) {
    const postedAt = Date.now();
    const id = await post(body);
    if ((await decided(stack, id)) === status) return { id, afterMs: postedAt - since };
    if (Date.now() - since > 15_000) throw new Error(`no comment was ${status} within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the moderation policy is living data', () => {
  test('a worker that saved the policy file as version 1 decides with it; moderators read it, only admins change it', async () => {
    const id = await post('أنت حمار');
    expect(await decided(stack, id)).toBe('rejected');
    expect((await decisionOf(id)).policyVersion).toBe(1);

    const active = await call(stack.baseUrl, 'GET', policy(), { token: moderator });
    expect(active.status).toBe(200);
    expect(policyVersionSchema.parse(active.body)).toMatchObject({
      version: 1,
      active: true,
      createdBy: 'system',
      policy: { bannedWords: ['حمار'], classifier: { holdAt: 0.5 } },
    });
    expect(active.body.policy).not.toHaveProperty('version');

    const refused = await call(stack.baseUrl, 'PUT', policy(), {
      token: moderator,
      json: { policy: { bannedWords: [] } },
    });
    expect(refused.status).toBe(403);
    expect((await call(stack.baseUrl, 'GET', policy())).status).toBe(401);
  });

  test('an admin adds a banned term: the next comment with it is rejected within 2 s by the running worker, with no restart', async () => {
    const before = await post('يا خنزير');
    expect(await decided(stack, before)).toBe('approved');

    const saved = await call(stack.baseUrl, 'PUT', policy(), {
      token: admin(),
      json: {
        policy: { bannedWords: ['حمار', 'خنزير'], suspectWords: ['كذاب'] },
        note: 'خنزير is an insult here',
      },
    });
    const savedAt = Date.now();
    expect(saved.status).toBe(201);
    expect(saved.headers.get('location')).toBe('/api/v1/policy/versions/2');
    expect(policyVersionSchema.parse(saved.body)).toMatchObject({
      version: 2,
      active: true,
      createdBy: 'admin',
      note: 'خنزير is an insult here',
    });

    const { id, afterMs } = await firstJudgedAs('يا خنزير', 'rejected', savedAt);
    expect(afterMs).toBeLessThan(2_000);
    const decision = await decisionOf(id);
    expect(decision.policyVersion).toBe(2);
    expect(decision.findings).toEqual([expect.objectContaining({ rule: 'banned-words' })]);
  });

  test('an invalid policy is refused with an error naming each bad field, and the active one keeps working', async () => {
    const refused = await call(stack.baseUrl, 'PUT', policy(), {
      token: admin(),
      json: {
        policy: { bannedWords: ['حمار', '  '], classifier: { holdAt: 2 }, colour: 'red' },
        note: 'broken',
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problemSchema.parse(refused.body)).toBeTruthy();
    const paths = (refused.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['policy.bannedWords.1', 'policy.classifier.holdAt', 'policy']),
    );

    const versions = await call(stack.baseUrl, 'GET', policy('/versions'), { token: moderator });
    expect(policyVersionListSchema.parse(versions.body).items.map((v) => v.version)).toEqual([
      2, 1,
    ]);
    const id = await post('يا خنزير');
    expect(await decided(stack, id)).toBe('rejected');
    expect((await decisionOf(id)).policyVersion).toBe(2);
  });

  test('a draft changes nothing until activated; the diff shows what it would change', async () => {
    const draft = await call(stack.baseUrl, 'PUT', policy(), {
      token: admin(),
      json: {
        policy: { bannedWords: ['حمار', 'خنزير'], suspectWords: [], classifier: { holdAt: 0.7 } },
        activate: false,
      },
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ version: 3, active: false, activatedAt: null });
    expect((await call(stack.baseUrl, 'GET', policy(), { token: moderator })).body.version).toBe(2);

    const diff = await call(stack.baseUrl, 'GET', policy('/diff?from=2&to=3'), {
      token: moderator,
    });
    expect(diff.status).toBe(200);
    expect(policyDiffSchema.parse(diff.body)).toEqual({
      from: 2,
      to: 3,
      lists: [{ path: 'suspectWords', added: [], removed: ['كذاب'] }],
      changed: [{ path: 'classifier.holdAt', from: 0.5, to: 0.7 }],
    });
    const toActive = await call(stack.baseUrl, 'GET', policy('/diff?from=1'), {
      token: moderator,
    });
    expect(toActive.body).toMatchObject({
      to: 2,
      lists: [{ path: 'bannedWords', added: ['خنزير'], removed: [] }],
      changed: [],
    });

    const bad = await call(stack.baseUrl, 'GET', policy('/diff?from=abc'), { token: moderator });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'from' })]);
    const missing = await call(stack.baseUrl, 'GET', policy('/versions/99'), {
      token: moderator,
    });
    expect(missing.status).toBe(404);
    expect(
      (await call(stack.baseUrl, 'POST', policy('/versions/99/activate'), { token: admin() }))
        .status,
    ).toBe(404);
  });

  test('rolling back to version 1 restores the old behaviour in the running worker', async () => {
    const rolledBack = await call(stack.baseUrl, 'POST', policy('/versions/1/activate'), {
      token: admin(),
    });
    const at = Date.now();
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ version: 1, active: true });

    const { id, afterMs } = await firstJudgedAs('يا خنزير', 'approved', at);
    expect(afterMs).toBeLessThan(2_000);
    expect((await decisionOf(id)).policyVersion).toBe(1);

    const events = await stack.db.moderationEvent.findMany({
      where: { type: 'policy.activated' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.actor, e.data])).toEqual([
      ['system', { version: 1, previous: null }],
      ['admin', { version: 2, previous: 1 }],
      ['admin', { version: 1, previous: 2 }],
    ]);
  });

  test('a stored version that does not validate never replaces the working policy in the worker', async () => {
    // Written behind the API's back (an old schema, a hand edit): the worker must survive it.
    const policies = new PolicyRepository(stack.db);
    const { version } = await policies.save({
      policy: { bannedWords: 'not a list' },
      createdBy: 'test',
      activate: true,
    });
    const redis = createRedis(stack.redisUrl, 'client');
    await waitForRedis(redis);
    try {
      expect(await new ConfigBus(redis, stack.prefix).publish({ kind: 'policy', version })).toBe(1);
    } finally {
      await redis.quit();
    }
    const id = await post('أنت حمار');
    expect(await decided(stack, id)).toBe('rejected');
    expect((await decisionOf(id)).policyVersion).toBe(1);
    // Through the API, activating it again is refused with the field named.
    const refused = await call(stack.baseUrl, 'POST', policy(`/versions/${version}/activate`), {
      token: admin(),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'policy.bannedWords' })]);
    // And once a valid version is activated again, the worker follows.
    await policies.activate(2, 'admin');
    await eventually(
      async () => {
        const next = await post('يا خنزير');
        return (await decided(stack, next)) === 'rejected' ? true : undefined;
      },
      10_000,
      'the worker to take version 2 again from its poll',
      0,
    );
  });

  test('a policy with thousands of terms is larger than an ordinary request body, and is still accepted', async () => {
    const terms = Array.from({ length: 8_000 }, (_, i) => `كلمة${i}`);
    const body = JSON.stringify({ policy: { bannedWords: terms }, activate: false });
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const saved = await call(stack.baseUrl, 'PUT', policy(), {
      token: admin(),
      raw: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(saved.status).toBe(201);
    expect(saved.body.policy.bannedWords).toHaveLength(8_000);
  });
});
