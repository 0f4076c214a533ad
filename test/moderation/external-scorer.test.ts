import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePolicy, type PolicyInput } from '@cm/moderation';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@cm/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

/*
 * The policy names an HTTP scorer of the newsroom's own. A local server plays it: it rejects
 * with reasons, answers too late, or fails, as each story needs (by the path it is called on,
 * which the policy names; a new policy version switches the running worker to another path).
 */

type Behaviour = 'reject' | 'slow' | 'flaky';
interface Received {
  path: string;
  body: Record<string, unknown>;
}

let scorer: Server;
let scorerUrl: string;
const received: Received[] = [];
/** Whether the "flaky" path fails (503) or answers "approve". */
let flakyDown = true;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

const pending = new Set<NodeJS.Timeout>();
function startScorer(): Promise<void> {
  scorer = createServer((req, res) => {
    void readJson(req).then((body) => {
      const path = (req.url ?? '/').slice(1) as Behaviour;
      received.push({ path, body });
      const answer = (status: number, json: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (path === 'reject')
        answer(200, { score: 0.97, decision: 'reject', reasons: ['تحريض على العنف', 'threat'] });
      else if (path === 'slow') {
        // Far past the policy's timeout: the worker must not wait for it.
        const timer = setTimeout(() => {
          pending.delete(timer);
          if (!res.destroyed) answer(200, { decision: 'reject' });
        }, 5_000);
        pending.add(timer);
      } else if (flakyDown) answer(503, { error: 'overloaded' });
      else answer(200, { score: 0.1, decision: 'approve' });
    });
  });
  scorer.listen(0, '127.0.0.1');
  return once(scorer, 'listening').then(() => {
    scorerUrl = `http://127.0.0.1:${(scorer.address() as AddressInfo).port}`;
  });
}

let stack: Stack;
let worker: RunningWorker;
let moderator: string;
const basePolicy = (path: Behaviour): PolicyInput => ({
  suspectWords: ['غبي'],
  externalScorer: { url: `${scorerUrl}/${path}`, timeoutMs: 300 },
});

beforeAll(async () => {
  await startScorer();
  stack = await startStack({ worker: false });
  worker = await startWorker(
    loadWorkerConfig({
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
      WORKER_METRICS_PORT: '0',
      CONFIG_POLL_MS: '500',
      // After 3 calls in the window, a failure share over 50 % opens the circuit for 1.5 s.
      EXTERNAL_SCORER_VOLUME_THRESHOLD: '3',
      EXTERNAL_SCORER_ERROR_PERCENT: '50',
      EXTERNAL_SCORER_RESET_MS: '1500',
      EXTERNAL_SCORER_WINDOW_MS: '60000',
    }),
    pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    { policy: parsePolicy(basePolicy('reject')), model: null },
  );
  moderator = await stack.createModerator('moderator');
});
afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
  for (const timer of pending) clearTimeout(timer);
  scorer?.closeAllConnections();
  scorer?.close();
});

let n = 0;
async function post(body: string): Promise<string> {
  n += 1;
  const r = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body, author: { name: `قارئ ${n}` } },
  });
  expect(r.status).toBe(202);
  return r.body.id as string;
}

async function decisionOf(id: string) {
  await decided(stack, id);
  const decision = await stack.db.decision.findFirstOrThrow({ where: { commentId: id } });
  return decision as typeof decision & { findings: Record<string, unknown>[] };
}

/** Saves and activates a policy, and waits until the running worker decides with it. */
async function activate(policy: PolicyInput): Promise<void> {
  const saved = await call(stack.baseUrl, 'PUT', '/api/v1/policy', {
    token: stack.adminToken,
    json: { policy, note: 'external scorer test' },
  });
  expect(saved.status).toBe(201);
  const version = saved.body.version as number;
  // A reader's comment goes through in the meantime; the first one decided with the new version
  // shows the worker switched.
  await eventually(
    async () => {
      const probe = await decisionOf(await post('سؤال عن المقال'));
      return probe.policyVersion === version ? true : undefined;
    },
    15_000,
    `the worker to use policy version ${version}`,
  );
}

async function metrics(): Promise<string> {
  return (await fetch(worker.metricsUrl!)).text();
}
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('an external scorer named by the policy', () => {
  test("the scorer says reject with reasons: the comment is rejected, and moderators read the scorer's reasons in Arabic and English", async () => {
    const id = await post('تعليق عادي المظهر');
    const decision = await decisionOf(id);
    expect(decision.action).toBe('REJECT');
    expect(decision.findings).toEqual([
      expect.objectContaining({
        rule: 'external',
        code: 'external-verdict',
        action: 'reject',
        reasons: ['تحريض على العنف', 'threat'],
      }),
    ]);
    // What the scorer was sent: the documented contract.
    expect(received.find((r) => r.body.id === id)).toEqual({
      path: 'reject',
      body: {
        id,
        articleId: 'paris-raqqa',
        text: 'تعليق عادي المظهر',
        language: 'ar',
        author: { name: expect.stringMatching(/^قارئ/) },
      },
    });
    const queue = await call(stack.baseUrl, 'GET', '/api/v1/moderation/comments?status=rejected', {
      token: moderator,
    });
    const item = (queue.body.items as { id: string; decision: any }[]).find((i) => i.id === id);
    expect(item?.decision.findings[0]).toMatchObject({
      rule: 'external',
      messages: {
        en: 'The external scorer asks to reject it (score 0.97): تحريض على العنف; threat.',
        ar: 'طلب المقيّم الخارجي رفض التعليق (الدرجة 0.97): تحريض على العنف; threat.',
      },
    });
  });

  test('a scorer slower than the timeout: comments are decided by the other rules within the timeout, with a note that the scorer was skipped, and none is lost', async () => {
    await activate(basePolicy('slow'));
    const started = Date.now();
    const clean = await post('شكرا على هذا المقال');
    const suspect = await post('قرار غبي حقا');
    const [a, b] = await Promise.all([decisionOf(clean), decisionOf(suspect)]);
    // 300 ms timeout each, far under the scorer's 5 s.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(a).toMatchObject({ action: 'APPROVE' });
    expect(a.findings).toEqual([
      expect.objectContaining({
        rule: 'external',
        code: 'external-skipped',
        action: 'score',
        skipped: 'timeout',
        reason: 'The external scorer did not answer within 300 ms; decided without it.',
      }),
    ]);
    expect(b).toMatchObject({ action: 'HOLD' });
    expect(b.findings.map((f) => [f.rule, f.action])).toEqual([
      ['suspect-words', 'hold'],
      ['external', 'score'],
    ]);
    const text = await metrics();
    expect(
      sample(text, 'external_scorer_duration_seconds_count{outcome="timeout"}'),
    ).toBeGreaterThanOrEqual(2);
  });

  test('a failing scorer: after a few failures the circuit opens and the scorer gets no more calls; after the reset time a healthy scorer is asked again', async () => {
    flakyDown = true;
    // A new URL is a new breaker, with a clean count.
    await activate(basePolicy('flaky'));
    const calls = () => received.filter((r) => r.path === 'flaky').length;

    // Failures until the breaker gives up on the scorer.
    const skipped: string[] = [];
    await eventually(
      async () => {
        const decision = await decisionOf(await post('رأي في الموضوع'));
        expect(decision.action).toBe('APPROVE');
        const why = decision.findings.find((f) => f.rule === 'external')?.skipped as string;
        skipped.push(why);
        return why === 'circuit-open' ? true : undefined;
      },
      15_000,
      'the circuit to open',
    );
    expect(skipped.slice(0, -1).every((why) => why === 'error')).toBe(true);
    expect(skipped.length).toBeLessThanOrEqual(5);
    expect(sample(await metrics(), 'external_scorer_circuit_state{state="open"}')).toBe(1);

    // While open: comments are still decided, and the scorer hears nothing.
    flakyDown = false;
    const before = calls();
    const whileOpen = await decisionOf(await post('رأي آخر'));
    expect(whileOpen.findings).toEqual([
      expect.objectContaining({ rule: 'external', skipped: 'circuit-open' }),
    ]);
    expect(calls()).toBe(before);

    // After the reset time the next comment is a trial call; the healthy scorer closes the circuit.
    const answered = await eventually(
      async () => {
        const decision = await decisionOf(await post('رأي ثالث'));
        const finding = decision.findings.find((f) => f.rule === 'external');
        return finding?.code === 'external-verdict' ? finding : undefined;
      },
      10_000,
      'the circuit to close again',
      200,
    );
    expect(answered).toMatchObject({ action: 'score', decision: 'approve', score: 0.1 });
    expect(calls()).toBeGreaterThan(before);
    const text = await metrics();
    expect(sample(text, 'external_scorer_circuit_state{state="closed"}')).toBe(1);
    expect(
      sample(text, 'external_scorer_duration_seconds_count{outcome="circuit-open"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'external_scorer_duration_seconds_count{outcome="answered"}'),
    ).toBeGreaterThanOrEqual(2);
  });

  test('a scorer limited to other languages is not asked about comments on an Arabic article', async () => {
    await activate({
      ...basePolicy('reject'),
      externalScorer: { url: `${scorerUrl}/reject`, languages: ['en', 'fr'] },
    });
    const before = received.length;
    const decision = await decisionOf(await post('تعليق على مقال عربي'));
    expect(decision.action).toBe('APPROVE');
    expect(decision.findings).toEqual([]);
    expect(received.length).toBe(before);
  });

  test('a scorer URL that is not http(s) is refused with the field named, and nothing is saved', async () => {
    const versions = await stack.db.policyVersion.count();
    const refused = await call(stack.baseUrl, 'PUT', '/api/v1/policy', {
      token: stack.adminToken,
      json: { policy: { externalScorer: { url: 'file:///etc/passwd' } } },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'policy.externalScorer.url' })]),
    );
    expect(await stack.db.policyVersion.count()).toBe(versions);
  });
});
