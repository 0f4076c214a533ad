import { createDatabase, EventLog, recordEvent, type EventRecord } from '@cm/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../support/stack.ts';

describe('the event log is the audit trail and the outbox', () => {
  let db: ReturnType<typeof createDatabase>;
  let log: EventLog;
  beforeAll(async () => {
    db = createDatabase(await createTestDatabase(), { poolSize: 6 });
    log = new EventLog(db);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  test('an event written in a transaction that fails is not in the history', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await recordEvent(tx, {
          type: 'article.updated',
          actor: 'admin',
          targetType: 'article',
          targetId: 'rolled-back',
        });
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect((await log.list({ targetId: 'rolled-back', limit: 10 })).items).toEqual([]);
  });

  test('the history pages newest first and filters by actor, target and type', async () => {
    for (let i = 0; i < 5; i++) {
      await recordEvent(db, {
        type: i % 2 ? 'comment.approved' : 'comment.rejected',
        actor: `mod-${i % 2}`,
        targetType: 'comment',
        targetId: `c${i}`,
        data: { i },
      });
    }
    const first = await log.list({ targetType: 'comment', limit: 2 });
    expect(first.items.map((e) => e.targetId)).toEqual(['c4', 'c3']);
    const second = await log.list({ targetType: 'comment', limit: 2, before: first.nextBefore! });
    expect(second.items.map((e) => e.targetId)).toEqual(['c2', 'c1']);
    expect((await log.list({ actor: 'mod-1', limit: 10 })).items.map((e) => e.targetId)).toEqual([
      'c3',
      'c1',
    ]);
    expect(
      (await log.list({ type: 'comment.rejected', targetId: 'c2', limit: 10 })).items,
    ).toMatchObject([{ data: { i: 2 } }]);
  });

  test('two relays running at once publish every event exactly once, oldest first within each batch', async () => {
    const targets = Array.from({ length: 40 }, (_, i) => `relay-${i}`);
    for (const targetId of targets)
      await recordEvent(db, {
        type: 'comment.held',
        actor: 'system',
        targetType: 'comment',
        targetId,
      });
    const published: EventRecord[] = [];
    const drain = async () => {
      while ((await log.relay(7, async (events) => void published.push(...events))) > 0);
    };
    await Promise.all([drain(), drain()]);
    const relayed = published.filter((e) => e.targetId.startsWith('relay-'));
    expect(relayed.map((e) => e.targetId).sort()).toEqual([...targets].sort());
    expect(
      (await log.list({ targetId: 'relay-0', limit: 1 })).items[0]!.publishedAt,
    ).toBeInstanceOf(Date);
  });

  test('when publishing fails, the events stay unpublished and go out on the next run', async () => {
    await recordEvent(db, {
      type: 'comment.held',
      actor: 'system',
      targetType: 'comment',
      targetId: 'retry-me',
    });
    await expect(
      log.relay(100, async () => Promise.reject(new Error('redis is down'))),
    ).rejects.toThrow('redis is down');
    const seen: string[] = [];
    await log.relay(100, async (events) => void seen.push(...events.map((e) => e.targetId)));
    expect(seen).toContain('retry-me');
  });
});
