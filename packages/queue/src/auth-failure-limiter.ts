import type { RedisClient } from './connection.ts';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface AuthFailureBudget {
  /** Failed authentications one client IP may make per window before it is refused. */
  failures: number;
  windowSeconds: number;
}

/**
 * Failed bearer-token authentications per client IP, counted in Redis so that every API replica
 * shares one budget: a guesser cannot multiply its rate by spreading over replicas. Successful
 * authentications are never counted.
 */
export class RedisAuthFailureLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: RedisClient,
    prefix: string,
    private readonly budget: AuthFailureBudget,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:auth-failures`,
      points: budget.failures,
      duration: budget.windowSeconds,
    });
  }

  /** Seconds until this IP may try a token again; 0 while it still has failures to spend. */
  async retryAfterSeconds(ip: string): Promise<number> {
    const state = await this.limiter.get(ip);
    if (!state || state.consumedPoints < this.budget.failures) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  /** Counts one failed authentication; returns how many this IP has made in the window. */
  async recordFailure(ip: string): Promise<number> {
    try {
      return (await this.limiter.consume(ip)).consumedPoints;
    } catch (refusal) {
      // Over budget (concurrent attempts raced past the check): already refused next time.
      if (refusal instanceof RateLimiterRes) return refusal.consumedPoints;
      throw refusal;
    }
  }
}
