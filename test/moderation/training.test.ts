import { monitorEventLoopDelay } from 'node:perf_hooks';
import { scorerModelListSchema, trainingAcceptedSchema, trainingRunSchema } from '@cm/contracts';
import { ScorerModelRepository } from '@cm/db';
import { learnFromVerdicts, serializeModel } from '@cm/moderation';
import { scorerCorpus } from '@cm/moderation/corpus';
import {
  ConfigBus,
  createRedis,
  createTrainingQueue,
  TRAIN_JOB,
  TRAINING_SCHEDULER_ID,
} from '@cm/queue';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, decided, eventually, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let moderator: string;
beforeAll(async () => {
  // Every comment of a new author waits for a moderator, as on a newsroom that premoderates.
  stack = await startStack({ policy: { authorTrust: { holdFirstComments: 1_000 } } });
  moderator = await stack.createModerator('moderator');
});
afterAll(() => stack?.stop());

const corpus = scorerCorpus();

/** Readers post these comments; each waits for a moderator, who decides as told. */
async function moderate(verdicts: { body: string; action: 'approve' | 'reject' }[]) {
  let next = 0;
  const one = async () => {
    for (let i = next++; i < verdicts.length; i = next++) {
      const { body, action } = verdicts[i]!;
      const posted = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
        json: { body, author: { name: `Reader ${i}`, email: `reader${i}@example.org` } },
      });
      expect(posted.status).toBe(202);
      expect(await decided(stack, posted.body.id, 60_000)).toBe('pending');
      const decision = await call(
        stack.baseUrl,
        'POST',
        `/api/v1/moderation/comments/${posted.body.id}/${action}`,
        { token: moderator, json: {} },
      );
      expect(decision.status).toBe(200);
    }
  };
  await Promise.all(Array.from({ length: 6 }, one));
}

/** Asks for a training run over HTTP and waits until the workers have finished it. */
async function train() {
  const requested = await call(stack.baseUrl, 'POST', '/api/v1/admin/models/train', {
    token: stack.adminToken,
  });
  expect(requested.status).toBe(202);
  trainingAcceptedSchema.parse(requested.body);
  expect(requested.headers.get('location')).toBe(
    `/api/v1/admin/models/training/${requested.body.jobId}`,
  );
  return finished(requested.body.jobId);
}

/** Waits until the training run has finished; its report as the API gives it. */
function finished(jobId: string) {
  return eventually(
    async () => {
      const run = await call(stack.baseUrl, 'GET', `/api/v1/admin/models/training/${jobId}`, {
        token: stack.adminToken,
      });
      expect(run.status).toBe(200);
      trainingRunSchema.parse(run.body);
      expect(run.body.state).not.toBe('failed');
      return run.body.state === 'completed' ? run.body : undefined;
    },
    120_000,
    'the training run to finish',
    200,
  );
}

/** The stored versions, as the documented schema promises them. */
async function models() {
  const { status, body } = await call(stack.baseUrl, 'GET', '/api/v1/admin/models', {
    token: stack.adminToken,
  });
  expect(status).toBe(200);
  scorerModelListSchema.parse(body);
  return body;
}

describe("the scorer learns from the moderators' verdicts", () => {
  test('the workers schedule a daily training run', async () => {
    const redis = createRedis(stack.redisUrl, 'client');
    const queue = createTrainingQueue(redis, stack.prefix);
    try {
      const scheduler = await queue.getJobScheduler(TRAINING_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ pattern: '0 3 * * *', tz: 'UTC' });
      expect(scheduler!.next).toBeGreaterThan(Date.now());
    } finally {
      await queue.close();
      await redis.quit();
    }
  });

  test('an admin asks for a training run; it learns from the verdicts and the new version is listed with its evaluation per language', async () => {
    expect(
      (
        await call(stack.baseUrl, 'POST', '/api/v1/admin/models/train', {
          token: moderator,
        })
      ).status,
    ).toBe(403);
    await moderate([
      { body: 'عقلك صغير جدا ولا تفهم ما تقرأ يا هذا', action: 'reject' },
      { body: 'أمثالك لا يستحقون الكلام في هذا الموقع', action: 'reject' },
      { body: 'you clearly cannot read, crawl back under your rock', action: 'reject' },
      { body: 'شكرا للكاتب على هذا التحقيق المهم', action: 'approve' },
      { body: 'الحكومة مطالبة بتوضيح الأرقام الواردة في التقرير', action: 'approve' },
      { body: 'A sad story, my thoughts are with the families', action: 'approve' },
      { body: 'Merci pour cet article très complet', action: 'approve' },
      { body: 'تعليقك يدل على جهل فاضح يا صاحبي', action: 'reject' },
    ]);

    // Asking twice while a run waits or runs gives that run.
    const [first, second] = await Promise.all(
      [1, 2].map(() =>
        call(stack.baseUrl, 'POST', '/api/v1/admin/models/train', { token: stack.adminToken }),
      ),
    );
    expect(first!.status).toBe(202);
    expect(second!.body.jobId).toBe(first!.body.jobId);
    // The run trains in a thread of its own: the worker's event loop (this process's) stays free
    // to moderate comments meanwhile.
    const loop = monitorEventLoopDelay({ resolution: 20 });
    loop.enable();
    const run = await finished(first!.body.jobId);
    loop.disable();
    expect(loop.max / 1e6).toBeLessThan(Math.min(1_000, run.outcome.trainingMs));
    expect(run).toMatchObject({
      trigger: 'on-demand',
      requestedBy: 'admin',
      outcome: { version: expect.any(Number), activated: expect.any(Boolean) },
      error: null,
    });
    expect(run.outcome.reasons.length).toBeGreaterThan(0);

    const listed = await models();
    // The bundled model was stored as the first version, the one the candidate had to beat.
    const bundled = listed.items.find((m: { version: number }) => m.version === 1);
    expect(bundled).toMatchObject({ createdBy: 'system', activatedAt: expect.any(String) });
    const trained = listed.items.find(
      (m: { version: number }) => m.version === run.outcome.version,
    );
    expect(trained).toMatchObject({
      modelVersion: run.outcome.modelVersion,
      createdBy: 'admin',
      active: run.outcome.activated,
      comparison: { activeVersion: 1, activated: run.outcome.activated },
      trainedOn: {
        trigger: 'on-demand',
        verdicts: { total: 8 },
        comparedWith: bundled.modelVersion ?? expect.any(String),
      },
    });
    expect(listed.active).toBe(run.outcome.activated ? run.outcome.version : 1);
    const { verdicts } = trained.trainedOn;
    expect(verdicts.train + verdicts.heldOut).toBe(8);
    for (const lang of ['ar', 'en', 'fr']) {
      expect(trained.evaluation.perLanguage[lang]).toEqual({
        n: expect.any(Number),
        abusive: expect.any(Number),
        clean: expect.any(Number),
        abusiveHeld: expect.any(Number),
        cleanHeld: expect.any(Number),
        rocAuc: expect.any(Number),
      });
      expect(trained.comparison.active.perLanguage[lang]).toBeDefined();
    }
    expect(trained.evaluation.overall.cleanHeld).toBeLessThanOrEqual(0.03);
    expect(run.outcome.trainingMs).toBeGreaterThan(0);
  });

  test('a model that beats the active one is activated and announced to the workers', async () => {
    // An older, worse model is active: one trained with the Arabic labels reversed. (A model
    // that merely never saw Arabic holds no clean Arabic comment at all, and the candidate's
    // clean-Arabic rate sits near the 3 % budget: whether it may replace that one depends on
    // which verdicts the run held out, not on which model is better.)
    const weak = learnFromVerdicts({
      corpus: corpus.map((e) =>
        e.lang === 'ar' && e.split !== 'eval'
          ? { ...e, label: e.label === 'abusive' ? ('clean' as const) : ('abusive' as const) }
          : e,
      ),
      verdicts: [],
      active: null,
      options: { name: 'weak' },
    }).model;
    const repository = new ScorerModelRepository(stack.db);
    const { version: weakVersion } = await repository.save({
      model: JSON.stringify(serializeModel(weak)),
      trainedOn: { modelVersion: weak.version },
      note: 'an older model, trained with the Arabic labels reversed',
      createdBy: 'admin',
      activate: true,
    });
    // A subscriber waits for Redis like the workers do.
    const redis = createRedis(stack.redisUrl, 'worker');
    const announced: { kind: string; version: number }[] = [];
    const unsubscribe = await new ConfigBus(redis, stack.prefix).subscribe((change) =>
      announced.push(change),
    );
    try {
      const run = await train();
      // The judge's reasons are the failure message: why the candidate was or was not activated.
      expect(run.outcome.activated, run.outcome.reasons.join(' ')).toBe(true);
      // The reversed model holds many clean comments: the candidate wins by staying in the budget
      // and ranking no worse.
      expect(run.outcome.reasons.join(' ')).toMatch(
        /The active model holds .* of clean comments, over the budget; the candidate .*, ranking no worse/,
      );
      const listed = await models();
      expect(listed.active).toBe(run.outcome.version);
      const trained = listed.items.find(
        (m: { version: number }) => m.version === run.outcome.version,
      );
      expect(trained.comparison.activeVersion).toBe(weakVersion);
      expect(trained.evaluation.perLanguage.ar.rocAuc).toBeGreaterThan(
        trained.comparison.active.perLanguage.ar.rocAuc,
      );
      await eventually(
        async () => (announced.some((c) => c.version === run.outcome.version) ? true : undefined),
        10_000,
        'the activation to be announced',
      );
      expect(announced).toContainEqual({ kind: 'model', version: run.outcome.version });
    } finally {
      await unsubscribe();
      await redis.quit();
    }
  });

  test('verdicts that contradict the corpus train a worse model, which is stored with the reason but not activated', async () => {
    // The active model is the one the corpus alone trains, whatever the tests before activated:
    // against the weak model above, even a candidate misled by these verdicts would win.
    const strong = learnFromVerdicts({
      corpus,
      verdicts: [],
      active: null,
      options: { name: 'corpus' },
    }).model;
    const { version: strongVersion } = await new ScorerModelRepository(stack.db).save({
      model: JSON.stringify(serializeModel(strong)),
      trainedOn: { modelVersion: strong.version },
      note: 'the model the corpus alone trains',
      createdBy: 'admin',
      activate: true,
    });
    const before = await models();
    expect(before.active).toBe(strongVersion);
    // Moderators who approve the corpus's insults and reject its hard clean comments.
    await moderate(
      corpus
        .filter((e) => e.split === 'train' && e.source === 'meaning')
        .slice(0, 150)
        .map((e) => ({
          body: `${e.text} !!`,
          action: e.label === 'abusive' ? ('approve' as const) : ('reject' as const),
        })),
    );
    const run = await train();
    expect(run.outcome.activated, run.outcome.reasons.join(' ')).toBe(false);
    const listed = await models();
    expect(listed.active).toBe(strongVersion);
    const stored = listed.items.find((m: { version: number }) => m.version === run.outcome.version);
    expect(stored).toMatchObject({ active: false, activatedAt: null });
    expect(stored.comparison).toMatchObject({ activeVersion: strongVersion, activated: false });
    expect(stored.evaluation.overall.rocAuc).toBeLessThan(stored.comparison.active.overall.rocAuc);
    expect(stored.note).toMatch(/^Not activated: /);
    expect(stored.trainedOn.verdicts.total).toBe(158);
    // Two whole trainings (the corpus model here, the run in the worker): minutes on a busy machine.
  }, 180_000);

  test('a scheduled run with no new verdict since the last run trains nothing', async () => {
    const before = await models();
    const redis = createRedis(stack.redisUrl, 'client');
    const queue = createTrainingQueue(redis, stack.prefix);
    try {
      // What the repeatable job adds when its time comes.
      const job = await queue.add(TRAIN_JOB, { trigger: 'schedule', requestedBy: 'system' });
      const run = await finished(job.id!);
      expect(run).toMatchObject({
        trigger: 'schedule',
        outcome: { skipped: true, activated: false, version: before.items[0].version },
      });
      expect(run.outcome.reasons[0]).toMatch(/No verdict changed since version/);
      expect((await models()).items).toHaveLength(before.items.length);
    } finally {
      await queue.close();
      await redis.quit();
    }
  });
});
