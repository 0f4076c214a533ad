import { createHash } from 'node:crypto';
import type { RedisClient } from './connection.ts';

/** What a request with an Idempotency-Key was answered with: enough to answer a repeat the same way. */
export interface IdempotencyRecord {
  commentId: string;
  /** Hash of what was posted: a repeat with a different comment is refused. */
  fingerprint: string;
  receivedAt: string;
}

/**
 * Idempotency keys in Redis, shared by every API replica, each kept `ttlSeconds`. A key is
 * scoped (to an article), and stored hashed, so any client-chosen key is a safe Redis key.
 */
export class IdempotencyStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private redisKey(scope: string, key: string): string {
    return `${this.prefix}:idem:${createHash('sha256').update(`${scope}\n${key}`).digest('base64url')}`;
  }

  /** The record kept for this key, or null when the key is new (or expired). */
  async find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const json = await this.redis.get(this.redisKey(scope, key));
    return json ? (JSON.parse(json) as IdempotencyRecord) : null;
  }

  /**
   * Keeps `record` for the key unless a concurrent request kept one first; returns the record
   * that holds the key, so both requests answer alike.
   */
  async claim(scope: string, key: string, record: IdempotencyRecord): Promise<IdempotencyRecord> {
    const redisKey = this.redisKey(scope, key);
    const won = await this.redis.set(redisKey, JSON.stringify(record), 'EX', this.ttlSeconds, 'NX');
    if (won === 'OK') return record;
    const winner = await this.redis.get(redisKey);
    return winner ? (JSON.parse(winner) as IdempotencyRecord) : record;
  }
}
