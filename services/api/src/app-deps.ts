import type {
  ArticleRepository,
  CommentRepository,
  ModeratorRepository,
  PolicyRepository,
} from '@cm/db';
import type { BacktestQueue, BacktestStore, CommentQueue, ConfigBus, ThreadCache } from '@cm/queue';
import type { Logger } from 'pino';
import type { ApiMetrics } from './http/metrics.ts';
import type { CommentRateLimiter, IdempotencyKeys } from './use-cases/post-comment.ts';

/** Settings of the HTTP edge itself. */
export interface HttpSettings {
  adminToken: string;
  /** Express "trust proxy": decides the client IP the rate limit counts. */
  trustProxy: boolean | number | string;
  /** Largest JSON body parsed ("64kb"); larger ones get a 413. */
  jsonBodyLimit: string;
  /** Largest JSON body of the policy routes (/api/v1/policy…), whose lists can be long. */
  policyBodyLimit: string;
  /** Origins allowed to call the public API from browsers: "*" or a list. */
  corsOrigins: '*' | string[];
}

/**
 * Everything the app needs, built once by the composition root (main.ts). Routes take what they
 * need from here and hand it to one use case.
 */
export interface AppDeps {
  articles: ArticleRepository;
  comments: CommentRepository;
  moderators: ModeratorRepository;
  policies: PolicyRepository;
  /** Tells running workers that a policy or model was activated. */
  configBus: ConfigBus;
  /** Policy backtests: queued here, run by the worker, results in Redis. */
  backtests: { queue: BacktestQueue; store: BacktestStore };
  queue: CommentQueue;
  threadCache: ThreadCache;
  idempotency: IdempotencyKeys;
  rateLimiter: CommentRateLimiter;
  /** Readiness probes: each resolves when its dependency answers. */
  probes: { postgres: () => Promise<unknown>; redis: () => Promise<unknown> };
  metrics: ApiMetrics;
  logger: Logger;
  http: HttpSettings;
}
