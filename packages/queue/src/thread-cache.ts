import type { RedisClient } from './connection.ts';
import { threadInvalidationChannel } from './local-thread-cache.ts';

/**
 * Approved threads, cached in Redis per article: one hash whose fields are pages
 * (`sort:limit:cursor`) and whose `__gen` field counts invalidations. A page computed from
 * Postgres is stored only if no invalidation happened meanwhile (compare-and-set in Lua), so an
 * approval is visible at once and a slow reader can never put an older thread back.
 * Shared by every API replica; the worker and the moderation routes invalidate. An invalidation
 * also publishes the article id (in the same script), so the replicas' in-process copies
 * (LocalThreadCache) drop it too.
 */
export class ThreadCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** How long a cached thread lives without being read or invalidated. */
    private readonly ttlSeconds: number,
  ) {
    redis.defineCommand('cmThreadPut', {
      numberOfKeys: 1,
      lua: `
        local gen = redis.call('HGET', KEYS[1], '__gen')
        if (gen or '') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        if ARGV[1] == '' then redis.call('HSETNX', KEYS[1], '__gen', '0') end
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        return 1`,
    });
    redis.defineCommand('cmThreadInvalidate', {
      numberOfKeys: 1,
      lua: `
        local gen = redis.call('HGET', KEYS[1], '__gen')
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], '__gen', (tonumber(gen) or 0) + 1)
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[3])
        return 1`,
    });
  }

  private key(articleId: string): string {
    return `${this.prefix}:thread:${articleId}`;
  }

  /** The cached page (JSON text) and the generation to pass to `put` on a miss. */
  async get(articleId: string, page: string): Promise<{ json: string | null; generation: string }> {
    const [generation, json] = await this.redis.hmget(this.key(articleId), '__gen', page);
    return { json: json ?? null, generation: generation ?? '' };
  }

  async put(articleId: string, page: string, generation: string, json: string): Promise<void> {
    await (this.redis as unknown as CacheCommands).cmThreadPut(
      this.key(articleId),
      generation,
      page,
      json,
      this.ttlSeconds,
    );
  }

  async invalidate(articleId: string): Promise<void> {
    await (this.redis as unknown as CacheCommands).cmThreadInvalidate(
      this.key(articleId),
      this.ttlSeconds,
      threadInvalidationChannel(this.prefix),
      articleId,
    );
  }
}

interface CacheCommands {
  cmThreadPut(
    key: string,
    generation: string,
    field: string,
    json: string,
    ttl: number,
  ): Promise<number>;
  cmThreadInvalidate(key: string, ttl: number, channel: string, articleId: string): Promise<number>;
}
