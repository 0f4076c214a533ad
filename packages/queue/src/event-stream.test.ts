import { startRedisServer, type RedisServer } from '@cm/devstack';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EventStream, isStreamId, type LiveEvent } from './event-stream.ts';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.stop();
});

const event = (targetId: string): LiveEvent => ({
  type: 'comment.held',
  actor: 'system',
  targetType: 'comment',
  targetId,
  data: {},
  createdAt: new Date().toISOString(),
});

test('a console that reconnects with the last id it saw gets exactly the events after it, in order', async () => {
  const stream = new EventStream(redis, '{s1}');
  const [first] = await stream.append([event('a')]);
  await stream.append([event('b'), event('c')]);
  const missed = await stream.readAfter(first!);
  expect(missed.map((e) => e.event.targetId)).toEqual(['b', 'c']);
  expect(isStreamId(missed[1]!.id)).toBe(true);
  expect(await stream.lastId()).toBe(missed[1]!.id);
});

test('a waiting subscriber wakes up with the next event, and a bad Last-Event-ID is recognised', async () => {
  const stream = new EventStream(redis, '{s2}');
  const blocking = redis.duplicate();
  const waiting = stream.waitAfter(blocking, await stream.lastId(), 5_000);
  await stream.append([event('live')]);
  expect((await waiting).map((e) => e.event.targetId)).toEqual(['live']);
  blocking.disconnect();
  expect(isStreamId('1700000000000-0')).toBe(true);
  expect(isStreamId('nonsense')).toBe(false);
});

test('the stream keeps a bounded window: the oldest entries go first', async () => {
  const stream = new EventStream(redis, '{s3}', 10);
  for (let i = 0; i < 300; i++) await stream.append([event(`e${i}`)]);
  const kept = await stream.readAfter('0', 1000);
  expect(kept.length).toBeLessThan(300);
  expect(kept.at(-1)!.event.targetId).toBe('e299');
  expect(await stream.firstId()).toBe(kept[0]!.id);
});
