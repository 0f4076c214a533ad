import type { WebhookTargetGuard } from '@cm/contracts';
import type {
  ArticleRepository,
  AuthorRepository,
  CommentRepository,
  EventLog,
  ModeratorRepository,
  PolicyRepository,
  ReportRepository,
  ScorerModelRepository,
  VerdictRepository,
  WebhookRepository,
} from '@cm/db';
import type {
  BacktestQueue,
  BacktestStore,
  ClaimStore,
  CommentAdmission,
  CommentQueue,
  ConfigBus,
  GateVersion,
  LocalThreadCache,
  RedisReportRateLimiter,
  ReportQueue,
  ThreadCache,
  TrainingQueue,
  WebhookQueue,
} from '@cm/queue';
import type { Logger } from 'pino';
import type { AuthFailureLimiter } from './http/auth.ts';
import type { LiveEvents } from './http/live-events.ts';
import type { ApiMetrics } from './http/metrics.ts';
import type { EnqueueComment, ReaderIdentity } from './use-cases/post-comment.ts';
import type { PostingGateCache } from './use-cases/posting-gate-cache.ts';

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
  /** Policy backtests: queued here, run by the worker, results in Redis. */
  backtests: { queue: BacktestQueue; store: BacktestStore };
  queue: CommentQueue;
  /** The learned scorer's stored versions. */
  scorerModels: ScorerModelRepository;
  /** Training runs of the learned scorer (processed by the workers). */
  trainingQueue: TrainingQueue;
  /** Moderators' final decisions (rule precision). */
  verdicts: VerdictRepository;
  threadCache: ThreadCache;
  /** Hot thread pages in this process, in front of `threadCache`. */
  localThreads: Pick<LocalThreadCache, 'get' | 'ticket' | 'put'>;
  /** Moderators' short claims on comments (Redis). */
  claims: ClaimStore;
  /** The POST path's article and author checks, cached in this process. */
  postingGate: Pick<PostingGateCache, 'read' | 'stale'>;
  /** Moves the posting gate's version after an article or a standing changed. */
  gateVersion: Pick<GateVersion, 'bump'>;
  /** Gate version, idempotency and both comment rate limits in one Redis round trip. */
  admission: Pick<CommentAdmission, 'admit' | 'gateVersion'>;
  /** Adds an accepted comment's job; resolves once Redis has it. */
  enqueueComment: EnqueueComment;
  /** The consoles' server-sent events (the live stream, fanned out by this process). */
  live: LiveEvents;
  /** Host-site sign-in (SSO): checks readers' tokens; `required` refuses anonymous comments. */
  sso: { identity: ReaderIdentity; required: boolean };
  /** Failed bearer-token authentications per client IP (shared by replicas). */
  authFailures: AuthFailureLimiter;
  /** Readiness probes: each resolves when its dependency answers. */
  probes: { postgres: () => Promise<unknown>; redis: () => Promise<unknown> };
  /** Outbound webhook endpoints, and the SSRF guard their URLs must pass. */
  webhooks: { endpoints: WebhookRepository; guard: WebhookTargetGuard; queue: WebhookQueue };
  metrics: ApiMetrics;
  logger: Logger;
  http: HttpSettings;
}
