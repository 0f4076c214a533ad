import { RateLimited } from '@cm/contracts';
import type { RedisClient } from './connection.ts';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface CommentBudgets {
  /** Comments one author (e-mail, else name) may post per window. */
  perAuthor: number;
  /** Comments one client IP may post per window: higher, so readers behind one NAT are not throttled as one. */
  perIp: number;
  windowSeconds: number;
}

/**
 * Comments per window per author and per client IP, counted in Redis so every API replica
 * shares the same budget.
 */
export class RedisCommentRateLimiter {
  private readonly byAuthor: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(
    redis: RedisClient,
    prefix: string,
    budgets: CommentBudgets,
    private readonly what: 'comments' | 'reports' = 'comments',
  ) {
    const common = { storeClient: redis, duration: budgets.windowSeconds };
    this.byAuthor = new RateLimiterRedis({
      ...common,
      points: budgets.perAuthor,
      keyPrefix: `${prefix}:rl:author`,
    });
    this.byIp = new RateLimiterRedis({
      ...common,
      points: budgets.perIp,
      keyPrefix: `${prefix}:rl:ip`,
    });
  }

  /** Spends one comment from both budgets, or throws `RateLimited` with the longer wait. */
  async consume(authorKey: string, ip: string): Promise<void> {
    const results = await Promise.allSettled([
      this.byAuthor.consume(authorKey),
      this.byIp.consume(ip),
    ]);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (refusals.length === 0) return;
    const limited = refusals.filter((r): r is RateLimiterRes => r instanceof RateLimiterRes);
    // Anything else is Redis failing: let it through as it is (the API answers 503).
    const failure = refusals.find((r) => !(r instanceof RateLimiterRes));
    if (failure !== undefined)
      throw failure instanceof Error
        ? failure
        : new Error('the rate limiter failed', { cause: failure });
    throw new RateLimited(
      Math.max(1, Math.ceil(Math.max(...limited.map((r) => r.msBeforeNext)) / 1000)),
      this.what,
    );
  }
}

export interface ReportBudgets {
  /** Reports one reader may send per window. */
  perReader: number;
  /** Reports one client IP may send per window. */
  perIp: number;
  windowSeconds: number;
}

/** Reader reports per window per reader and per client IP, shared by every API replica. */
export class RedisReportRateLimiter {
  private readonly limiter: RedisCommentRateLimiter;

  constructor(redis: RedisClient, prefix: string, budgets: ReportBudgets) {
    // The same two-budget limiter as comments, under keys of its own.
    this.limiter = new RedisCommentRateLimiter(
      redis,
      `${prefix}:report`,
      { perAuthor: budgets.perReader, perIp: budgets.perIp, windowSeconds: budgets.windowSeconds },
      'reports',
    );
  }

  /** Spends one report from both budgets, or throws `RateLimited`. */
  consume(readerKey: string, ip: string): Promise<void> {
    return this.limiter.consume(readerKey, ip);
  }
}
