import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpProblem } from './problem.ts';

/**
 * Comments per minute per author and per client IP, counted in Redis so every API replica
 * shares the same budget.
 */
export class CommentRateLimiter {
  private readonly byAuthor: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(redis: Redis, prefix: string, perMinute: number) {
    const options = { storeClient: redis, points: perMinute, duration: 60 };
    this.byAuthor = new RateLimiterRedis({ ...options, keyPrefix: `${prefix}:rl:author` });
    this.byIp = new RateLimiterRedis({ ...options, keyPrefix: `${prefix}:rl:ip` });
  }

  /** Spends one comment from both budgets, or throws a 429 with Retry-After. */
  async consume(authorKey: string, ip: string): Promise<void> {
    const results = await Promise.allSettled([this.byAuthor.consume(authorKey), this.byIp.consume(ip)]);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (refusals.length === 0) return;
    const limited = refusals.filter((r): r is RateLimiterRes => r instanceof RateLimiterRes);
    if (limited.length !== refusals.length) throw refusals.find((r) => !(r instanceof RateLimiterRes));
    const waitSeconds = Math.max(1, Math.ceil(Math.max(...limited.map((r) => r.msBeforeNext)) / 1000));
    throw new HttpProblem(
      429,
      'rate-limited',
      'Too Many Requests',
      `Too many comments in a short time; try again in ${waitSeconds} second${waitSeconds === 1 ? '' : 's'}.`,
      { headers: { 'Retry-After': String(waitSeconds) }, retryAfterSeconds: waitSeconds },
    );
  }
}
