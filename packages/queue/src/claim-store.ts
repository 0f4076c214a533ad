import type { RedisClient } from './connection.ts';

export interface Claim {
  claimedBy: { id: string; name: string };
  expiresAt: Date;
}

/** Stored value: `<moderator id>|<expiry, ms since epoch>|<name>` (names may hold any character). */
const encode = (claim: Claim) =>
  `${claim.claimedBy.id}|${claim.expiresAt.getTime()}|${claim.claimedBy.name}`;

function decode(value: string | null): Claim | null {
  if (!value) return null;
  const first = value.indexOf('|');
  const second = value.indexOf('|', first + 1);
  if (first < 0 || second < 0) return null;
  return {
    claimedBy: { id: value.slice(0, first), name: value.slice(second + 1) },
    expiresAt: new Date(Number(value.slice(first + 1, second))),
  };
}

type ClaimCommand = (
  key: string,
  ownerPrefix: string,
  value: string,
  ttlMs: number,
) => Promise<string>;

/**
 * Short advisory claims on comments ("Layla is looking at this one"), in Redis so every API
 * replica sees them: a claim is one key with a TTL. Taking a free comment is `SET NX PX`; the
 * holder claiming again refreshes it; anyone else gets the current holder. A decision releases
 * the claim; an abandoned one expires by itself.
 */
export class ClaimStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    redis.defineCommand('cmClaim', {
      numberOfKeys: 1,
      // Atomic take-or-refresh: free → take; held by the same moderator → refresh; else → holder.
      lua: `
        local current = redis.call('GET', KEYS[1])
        if current and string.sub(current, 1, #ARGV[1]) ~= ARGV[1] then return current end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return ARGV[2]`,
    });
  }

  private key(commentId: string): string {
    return `${this.prefix}:claim:${commentId}`;
  }

  /** Claims the comment for the moderator; returns the claim that holds now (maybe another's). */
  async claim(
    commentId: string,
    moderator: { id: string; name: string },
    now: Date = new Date(),
  ): Promise<Claim> {
    const mine: Claim = {
      claimedBy: moderator,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    };
    const run = (this.redis as unknown as { cmClaim: ClaimCommand }).cmClaim.bind(this.redis);
    const held = await run(this.key(commentId), `${moderator.id}|`, encode(mine), this.ttlMs);
    return decode(held) ?? mine;
  }

  /** The current claims on these comments (absent when unclaimed or expired). */
  async claimsOf(commentIds: readonly string[]): Promise<Map<string, Claim>> {
    if (commentIds.length === 0) return new Map();
    const values = await this.redis.mget(...commentIds.map((id) => this.key(id)));
    const claims = new Map<string, Claim>();
    commentIds.forEach((id, i) => {
      const claim = decode(values[i] ?? null);
      if (claim) claims.set(id, claim);
    });
    return claims;
  }

  /** Drops the claim (after a decision), whoever holds it. */
  async release(commentId: string): Promise<void> {
    await this.redis.del(this.key(commentId));
  }
}
