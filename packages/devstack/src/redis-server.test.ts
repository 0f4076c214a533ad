import { afterEach, expect, test } from 'vitest';
import { RedisNotInstalledError, startRedisServer } from './redis-server.ts';

const originalPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = originalPath;
});

test('without redis-server on the PATH, npm start says exactly how to install it', async () => {
  process.env.PATH = '/nonexistent';
  const started = startRedisServer();
  await expect(started).rejects.toBeInstanceOf(RedisNotInstalledError);
  await expect(started).rejects.toThrow('apt-get install -y redis-server');
  await expect(started).rejects.toThrow('REDIS_URL');
});

test('a throwaway redis-server starts on a free port, answers, and stops', async () => {
  const redis = await startRedisServer();
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  expect(await client.ping()).toBe('PONG');
  expect(await client.config('GET', 'maxmemory-policy')).toEqual([
    'maxmemory-policy',
    'noeviction',
  ]);
  await client.quit();
  await redis.stop();
});
