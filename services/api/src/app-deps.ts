import type {
  ArticleRepository,
  AuthorRepository,
  CommentRepository,
  EventLog,
  ModeratorRepository,
  PolicyRepository,
  ReportRepository,
} from '@cm/db';
import type {
  ClaimStore,
  CommentQueue,
  ConfigBus,
  RedisReportRateLimiter,
  ReportQueue,
  ThreadCache,
} from '@cm/queue';
import type { Logger } from 'pino';
import type { ApiMetrics } from './http/metrics.ts';
import type {
  CommentRateLimiter,
  IdempotencyKeys,
  ReaderIdentity,
} from './use-cases/post-comment.ts';

/** Settings of the HTTP edge itself. */
export interface HttpSettings {
  adminToken: string;
  /** Express "trust proxy": decides the client IP the rate limit counts. */
  trustProxy: boolean | number | string;
  /** Largest JSON body parsed ("64kb"); larger ones get a 413. */
  jsonBodyLimit: string;
  /** Origins allowed to call the public API from browsers: "*" or a list. */
  corsOrigins: '*' | string[];
  /** Secret of the keyed hash that makes reader keys (see use-cases/report-comment.ts). */
  readerKeySecret: string;
}

/**
 * Everything the app needs, built once by the composition root (main.ts). Routes take what they
 * need from here and hand it to one use case.
 */
export interface AppDeps {
  articles: ArticleRepository;
  comments: CommentRepository;
  authors: AuthorRepository;
  moderators: ModeratorRepository;
  policies: PolicyRepository;
  /** Tells running workers that a policy or model was activated. */
  configBus: ConfigBus;
  reports: ReportRepository;
  reportQueue: ReportQueue;
  reportRateLimiter: Pick<RedisReportRateLimiter, 'consume'>;
  /** The audit trail (moderation_events). */
  events: EventLog;
  queue: CommentQueue;
  threadCache: ThreadCache;
  /** Moderators' short claims on comments (Redis). */
  claims: ClaimStore;
  idempotency: IdempotencyKeys;
  rateLimiter: CommentRateLimiter;
  /** Host-site sign-in (SSO): checks readers' tokens; `required` refuses anonymous comments. */
  sso: { identity: ReaderIdentity; required: boolean };
  /** Readiness probes: each resolves when its dependency answers. */
  probes: { postgres: () => Promise<unknown>; redis: () => Promise<unknown> };
  metrics: ApiMetrics;
  logger: Logger;
  http: HttpSettings;
}
