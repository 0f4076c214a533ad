import { createHash } from 'node:crypto';
import type { RedisClient } from './connection.ts';
import type { CommentBudgets } from './rate-limiter.ts';

/** What a request with an Idempotency-Key was answered with: enough to answer a repeat the same way. */
export interface IdempotencyRecord {
  commentId: string;
  /** Hash of what was posted: a repeat with a different comment is refused. */
  fingerprint: string;
  receivedAt: string;
}
/** What Redis answered for one POST: go ahead, repeat an earlier answer, wait, or re-check. */
export type Admission =
  /** Budgets spent (and the Idempotency-Key claimed for `record`, when one was given). */
  | { kind: 'admitted' }
  /** The Idempotency-Key already holds this record: answer as it did (nothing was spent). */
  | { kind: 'replay'; record: IdempotencyRecord }
  /** A budget is spent: retry after this many milliseconds (nothing was claimed). */
  | { kind: 'limited'; retryAfterMs: number }
  /**
   * The posting gate changed (an article or an author's standing) since the caller's cached
   * `gateVersion`: nothing was spent; check the gate again and retry with `version`.
   */
  | { kind: 'stale'; version: string };

/**
 * Everything a POST asks Redis, in ONE round trip (one Lua script): is the caller's cached
 * posting gate still current, was this Idempotency-Key answered before, and are the author's and
 * the client address's budgets left — then spends them and claims the key, atomically.
 *
 * Same keys and counting as rate-limiter-flexible's RateLimiterRedis (`<prefix>:rl:author:<key>`,
 * `<prefix>:rl:ip:<ip>`: a counter that lives one window from its first use; a refused attempt
 * counts too) and idempotency keys as `<prefix>:idem:<hash>` (scoped to the article, hashed), so replicas running either code
 * share budgets and keys. Every key is built from `prefix`, so under a `{…}` hash-tag prefix they
 * are in one Redis Cluster slot, as a script needs.
 */
export class CommentAdmission {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly budgets: CommentBudgets,
    private readonly idempotencyTtlSeconds: number,
  ) {
    redis.defineCommand('cmAdmitComment', {
      // KEYS: gate version, author budget, address budget[, idempotency key]
      lua: `
        local version = redis.call('GET', KEYS[1]) or '0'
        if ARGV[1] ~= 'any' and version ~= ARGV[1] then return {'stale', version} end
        if #KEYS == 4 then
          local earlier = redis.call('GET', KEYS[4])
          if earlier then return {'replay', earlier} end
        end
        local function spend(key, points)
          redis.call('SET', key, 0, 'EX', ARGV[4], 'NX')
          local used = redis.call('INCRBY', key, 1)
          local ttl = redis.call('PTTL', key)
          if ttl == -1 then
            redis.call('EXPIRE', key, ARGV[4])
            ttl = 1000 * tonumber(ARGV[4])
          end
          if used > tonumber(points) then return ttl end
          return -1
        end
        local wait = math.max(spend(KEYS[2], ARGV[2]), spend(KEYS[3], ARGV[3]))
        if wait >= 0 then return {'limited', tostring(wait)} end
        if #KEYS == 4 then redis.call('SET', KEYS[4], ARGV[5], 'EX', ARGV[6]) end
        return {'admitted', version}`,
    });
  }

  /** The key whose value is the posting gate's version (see `GateVersion`). */
  static versionKey(prefix: string): string {
    return `${prefix}:gate:version`;
  }

  /** The gate version now ('0' before the first change). */
  async gateVersion(): Promise<string> {
    return (await this.redis.get(CommentAdmission.versionKey(this.prefix))) ?? '0';
  }

  /** Hashed, so any client-chosen key is a safe Redis key. */
  private idempotencyKey(scope: string, key: string): string {
    return `${this.prefix}:idem:${createHash('sha256').update(`${scope}\n${key}`).digest('base64url')}`;
  }

  async admit(request: {
    /** The version the caller's gate reading is current at; 'any' skips the check. */
    gateVersion: string;
    authorKey: string;
    ip: string;
    /** With an Idempotency-Key: its scope (the article), the key and the record to keep. */
    idempotency?: { scope: string; key: string; record: IdempotencyRecord };
  }): Promise<Admission> {
    const keys = [
      CommentAdmission.versionKey(this.prefix),
      `${this.prefix}:rl:author:${request.authorKey}`,
      `${this.prefix}:rl:ip:${request.ip}`,
    ];
    const { idempotency } = request;
    if (idempotency) keys.push(this.idempotencyKey(idempotency.scope, idempotency.key));
    const [kind, value] = await (this.redis as unknown as AdmissionCommands).cmAdmitComment(
      keys.length,
      ...keys,
      request.gateVersion,
      this.budgets.perAuthor,
      this.budgets.perIp,
      this.budgets.windowSeconds,
      idempotency ? JSON.stringify(idempotency.record) : '',
      this.idempotencyTtlSeconds,
    );
    if (kind === 'stale') return { kind, version: value };
    if (kind === 'replay') return { kind, record: JSON.parse(value) as IdempotencyRecord };
    if (kind === 'limited') return { kind, retryAfterMs: Number(value) };
    return { kind: 'admitted' };
  }
}

/**
 * The posting gate's version: one counter in Redis that every change to what the gate checks
 * (an article created or opened/closed, an author's standing) increments. API replicas cache the
 * gate in process and learn that their cache is stale from the admission script's answer, on the
 * very next POST — nothing is lost when a replica was disconnected, and no TTL is needed.
 */
export class GateVersion {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Call after the change is committed to Postgres. */
  async bump(): Promise<void> {
    await this.redis.incr(CommentAdmission.versionKey(this.prefix));
  }
}

interface AdmissionCommands {
  cmAdmitComment(numberOfKeys: number, ...args: (string | number)[]): Promise<[string, string]>;
}
