import { randomUUID } from 'node:crypto';
import { backtestSchema } from '@cm/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  stack = await startStack({ policy: { bannedWords: ['حمار'] } });
  moderator = await stack.createModerator('moderator');
  const comments = {
    insult1: 'يا خنزير',
    insult2: 'خنزير وابن خنزير',
    insult3: 'هذا الكاتب خنزير حقيقي',
    banned: 'أنت حمار',
    clean1: 'مقال رائع، شكراً',
    clean2: 'تقرير مهم عن باريس والرقة',
  };
  for (const [name, body] of Object.entries(comments)) {
    const { body: accepted } = await call(
      stack.baseUrl,
      'POST',
      '/api/v1/articles/paris-raqqa/comments',
      { json: { body, author: { name: `Reader ${randomUUID().slice(0, 8)}` } } },
    );
    ids[name] = accepted.id;
    await decided(stack, accepted.id);
  }
  // Moderators' verdicts: one insult and one clean comment rejected by a person.
  for (const name of ['insult1', 'clean1']) {
    const { status } = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${ids[name]}/reject`,
      { token: moderator, json: { reason: 'moderator' } },
    );
    expect(status).toBe(200);
  }
});
afterAll(() => stack?.stop());

const admin = () => stack.adminToken;

async function runToEnd(request: unknown) {
  const started = await call(stack.baseUrl, 'POST', '/api/v1/policy/backtest', {
    token: admin(),
    json: request,
  });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ status: 'queued', progress: 0 });
  const location = started.headers.get('location')!;
  expect(location).toBe(`/api/v1/policy/backtests/${started.body.id}`);
  const done = await eventually(
    async () => {
      const { body } = await call(stack.baseUrl, 'GET', location, { token: admin() });
      return body.status === 'done' || body.status === 'failed' ? body : undefined;
    },
    30_000,
    'the backtest to finish',
  );
  expect(done.error).toBeNull();
  return backtestSchema.parse(done);
}

describe('backtesting a policy before activating it', () => {
  test('the backtest of a draft that adds a term reports exactly the comments it would change, with spans, and decides nothing', async () => {
    const draft = await call(stack.baseUrl, 'PUT', '/api/v1/policy', {
      token: admin(),
      json: { policy: { bannedWords: ['حمار', 'خنزير'] }, activate: false },
    });
    expect(draft.body).toMatchObject({ version: 2, active: false });
    const decisionsBefore = await stack.db.decision.count();

    const { result, status, progress, request } = await runToEnd({ version: 2 });
    expect({ status, progress, request }).toMatchObject({
      status: 'done',
      progress: 100,
      request: { version: 2, limit: 10_000 },
    });
    expect(result).toMatchObject({
      baseline: { policyVersion: 1, modelVersion: null },
      candidate: { policyVersion: 2 },
      comments: 6,
      changed: 3,
    });
    expect(result!.changes).toHaveLength(1);
    const [change] = result!.changes;
    expect(change).toMatchObject({ from: 'approve', to: 'reject', count: 3 });
    expect(change!.examples.map((e) => e.commentId).sort()).toEqual(
      [ids.insult1, ids.insult2, ids.insult3].sort(),
    );
    for (const example of change!.examples) {
      expect(example.before).toEqual([]);
      const banned = example.after.find((f) => f.rule === 'banned-words')!;
      expect(banned.action).toBe('reject');
      for (const span of banned.spans) expect(span.text).toBe('خنزير');
      expect(banned.spans[0]!.text).toBe(
        example.body.slice(banned.spans[0]!.start, banned.spans[0]!.end),
      );
    }
    expect(result!.rules).toEqual([{ rule: 'banned-words', before: 1, after: 4 }]);
    // People rejected insult1 and clean1: the draft catches one of the two, and flags nothing
    // people let through.
    expect(result!.agreement).toEqual({
      judged: 2,
      humanRejects: 2,
      before: {
        truePositives: 0,
        falsePositives: 0,
        falseNegatives: 2,
        precision: null,
        recall: 0,
      },
      after: {
        truePositives: 1,
        falsePositives: 0,
        falseNegatives: 1,
        precision: 1,
        recall: 0.5,
      },
    });
    expect(await stack.db.decision.count()).toBe(decisionsBefore);
    expect(
      (await call(stack.baseUrl, 'GET', '/api/v1/policy', { token: moderator })).body.version,
    ).toBe(1);
  });

  test('a policy never saved can be backtested too, on the newest comments only', async () => {
    const { result, request } = await runToEnd({
      policy: { bannedWords: [], suspectWords: ['رائع'] },
      limit: 2,
    });
    expect(request).toMatchObject({ version: null, limit: 2 });
    // The two newest: clean2 (stays approved) and clean1 (approve → hold on "رائع").
    expect(result).toMatchObject({ comments: 2, changed: 1, candidate: { policyVersion: null } });
    expect(result!.changes[0]).toMatchObject({ from: 'approve', to: 'hold', count: 1 });
    expect(result!.changes[0]!.examples[0]!.commentId).toBe(ids.clean1);
  });

  test('bad requests are refused with the field named; unknown versions and backtests are 404s; moderators may not run them', async () => {
    const both = await call(stack.baseUrl, 'POST', '/api/v1/policy/backtest', {
      token: admin(),
      json: { version: 1, policy: {} },
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ path: 'policy' })]);
    const invalid = await call(stack.baseUrl, 'POST', '/api/v1/policy/backtest', {
      token: admin(),
      json: { policy: { bannedWords: [''] }, limit: 0, since: 'yesterday' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['policy.bannedWords.0', 'limit', 'since']),
    );
    expect(
      (
        await call(stack.baseUrl, 'POST', '/api/v1/policy/backtest', {
          token: admin(),
          json: { version: 42 },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(stack.baseUrl, 'GET', `/api/v1/policy/backtests/${randomUUID()}`, {
          token: admin(),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(stack.baseUrl, 'POST', '/api/v1/policy/backtest', {
          token: moderator,
          json: { version: 1 },
        })
      ).status,
    ).toBe(403);
  });
});
