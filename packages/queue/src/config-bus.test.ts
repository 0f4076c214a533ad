import { startRedisServer, type RedisServer } from '@cm/devstack';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConfigBus, type ConfigChange } from './config-bus.ts';

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

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

test('every subscribed worker hears an activation; other prefixes and malformed messages are ignored', async () => {
  const bus = new ConfigBus(redis, '{c1}');
  const heardA: ConfigChange[] = [];
  const heardB: ConfigChange[] = [];
  const stopA = await bus.subscribe((change) => heardA.push(change));
  const stopB = await bus.subscribe((change) => heardB.push(change));
  const other: ConfigChange[] = [];
  const stopOther = await new ConfigBus(redis, '{c2}').subscribe((change) => other.push(change));

  await redis.publish(bus.channel, 'not json');
  await redis.publish(bus.channel, JSON.stringify({ kind: 'policy', version: 'x' }));
  expect(await bus.publish({ kind: 'policy', version: 7 })).toBe(2);
  await bus.publish({ kind: 'model', version: 3 });
  await until(() => heardA.length === 2 && heardB.length === 2);
  expect(heardA).toEqual([
    { kind: 'policy', version: 7 },
    { kind: 'model', version: 3 },
  ]);
  expect(heardB).toEqual(heardA);
  expect(other).toEqual([]);

  await stopA();
  expect(await bus.publish({ kind: 'policy', version: 8 })).toBe(1);
  await until(() => heardB.length === 3);
  expect(heardA).toHaveLength(2);
  await stopB();
  await stopOther();
});
