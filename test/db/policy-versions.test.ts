import { createDatabase, EventLog, PolicyRepository, ScorerModelRepository } from '@cm/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../support/stack.ts';

describe('policies and scorer models are versioned data', () => {
  let db: ReturnType<typeof createDatabase>;
  let policies: PolicyRepository;
  let models: ScorerModelRepository;
  let log: EventLog;
  beforeAll(async () => {
    db = createDatabase(await createTestDatabase(), { poolSize: 8 });
    policies = new PolicyRepository(db);
    models = new ScorerModelRepository(db);
    log = new EventLog(db);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  test('five workers starting at once on an empty database save the policy file once, as version 1, active', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        policies.ensureActive({
          policy: { bannedWords: ['a'] },
          note: 'policy file',
          createdBy: 'system',
        }),
      ),
    );
    expect(results.map((r) => r.version)).toEqual([1, 1, 1, 1, 1]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await policies.list()).toEqual([
      expect.objectContaining({ version: 1, active: true, createdBy: 'system' }),
    ]);
    const events = await log.list({ targetType: 'policy', limit: 10 });
    expect(events.items.map((e) => e.type)).toEqual(['policy.activated', 'policy.saved']);
  });

  test('a draft is saved without changing the active policy; activating it, then the old one, rolls back with an event each', async () => {
    const { version: draft } = await policies.save({
      policy: { bannedWords: ['a', 'b'] },
      note: 'add b',
      createdBy: 'admin',
    });
    expect(draft).toBe(2);
    expect((await policies.active())?.version).toBe(1);
    expect((await policies.get(draft))?.activatedAt).toBeNull();

    expect(await policies.activate(draft, 'admin')).toEqual({
      version: 2,
      previous: 1,
      changed: true,
    });
    expect(await policies.active()).toMatchObject({
      version: 2,
      active: true,
      note: 'add b',
      policy: { bannedWords: ['a', 'b'] },
    });
    expect(await policies.activate(1, 'mod-1')).toMatchObject({ previous: 2, changed: true });
    expect(await policies.activeVersion()).toBe(1);
    expect(await policies.activate(1, 'mod-1')).toMatchObject({ changed: false });
    expect(await policies.activate(99, 'admin')).toBeNull();

    const activations = await log.list({ type: 'policy.activated', limit: 10 });
    expect(activations.items.map((e) => [e.actor, e.data])).toEqual([
      ['mod-1', { version: 1, previous: 2 }],
      ['admin', { version: 2, previous: 1 }],
      ['system', { version: 1, previous: null }],
    ]);
  });

  test('the last of many concurrent activations to commit is the active one', async () => {
    const saved = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        policies.save({ policy: { bannedWords: [`t${i}`] }, createdBy: 'admin' }),
      ),
    );
    for (let round = 0; round < 3; round++) {
      await Promise.all(saved.map((s) => policies.activate(s.version, 'admin')));
      const last = await log.list({ type: 'policy.activated', limit: 1 });
      expect(await policies.activeVersion()).toBe(Number(last.items[0]!.targetId));
    }
  });

  test('a saved and activated model is the active one; lists leave out the weights', async () => {
    await models.ensureActive({ model: '{"m":1}', note: 'bundled', createdBy: 'system' });
    const { version } = await models.save({
      model: '{"m":2}',
      evaluation: { overall: { rocAuc: 0.9 } },
      trainedOn: { examples: 10 },
      note: 'retrained',
      createdBy: 'admin',
      activate: true,
    });
    expect(await models.active()).toMatchObject({
      version,
      model: '{"m":2}',
      evaluation: { overall: { rocAuc: 0.9 } },
      trainedOn: { examples: 10 },
    });
    const list = await models.list();
    expect(list.map((m) => [m.version, m.active])).toEqual([
      [version, true],
      [1, false],
    ]);
    expect(list[0]).not.toHaveProperty('model');
    expect((await log.list({ type: 'model.activated', limit: 5 })).items).toHaveLength(2);
  });
});
