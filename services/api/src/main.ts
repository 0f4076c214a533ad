import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  announceReady,
  helpOrContinue,
  isEntryPoint,
  loadConfigOrExit,
  stopOnSignals,
  targetPolicyOf,
  webhookTargetGuard,
} from '@cm/contracts';
import {
  ArticleRepository,
  AuthorRepository,
  CommentRepository,
  createDatabase,
  EventLog,
  ModeratorRepository,
  PolicyRepository,
  ReportRepository,
} from '@cm/db';
import { ScorerModelRepository, VerdictRepository, WebhookRepository } from '@cm/db';
import {
  BacktestStore,
  ClaimStore,
  CommentAdmission,
  CommentJobBatcher,
  ConfigBus,
  EventStream,
  createBacktestQueue,
  createWebhookQueue,
  createCommentQueue,
  createReportQueue,
  RedisReportRateLimiter,
  createRedis,
  keyPrefixFor,
  createTrainingQueue,
  GateVersion,
  LocalThreadCache,
  RedisAuthFailureLimiter,
  ThreadCache,
} from '@cm/queue';
import type { Express } from 'express';
import { pino, type Logger } from 'pino';
import { createApp } from './app.ts';
import {
  apiEnvSchema,
  corsOrigins,
  loadApiConfig,
  rateLimitBudgets,
  readerKeySecret,
  trustProxySetting,
  type ApiConfig,
} from './config.ts';
import { answerClientError } from './http/client-error.ts';
import { EventHub } from './http/event-hub.ts';
import { LiveEvents } from './http/live-events.ts';
import { createApiMetrics } from './http/metrics.ts';
import { createReaderIdentity } from './http/reader-identity.ts';
import { PostingGateCache } from './use-cases/posting-gate-cache.ts';

export interface RunningApi {
  url: string;
  /** The Express app (tests enumerate its routes with `listRoutes`). */
  app: Express;
  port: number;
  stop(): Promise<void>;
}

/** The API's composition root: builds every dependency once, listens, and knows how to stop. */
export async function startApi(
  config: ApiConfig,
  logger: Logger = pino({ level: config.LOG_LEVEL, name: 'api' }),
): Promise<RunningApi> {
  const db = createDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  // On a Redis Cluster every key needs the prefix's hash tag (`cm` → `{cm}`; see keyPrefixFor).
  config = { ...config, QUEUE_PREFIX: keyPrefixFor(config.REDIS_URL, config.QUEUE_PREFIX) };
  const redis = createRedis(config.REDIS_URL, 'client');
  // ioredis reconnects by itself; without a listener its errors would crash the process.
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const queue = createCommentQueue(redis, config.QUEUE_PREFIX, { attempts: config.JOB_ATTEMPTS });
  queue.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));
  const reportQueue = createReportQueue(redis, config.QUEUE_PREFIX);
  reportQueue.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));
  const trainingQueue = createTrainingQueue(redis, config.QUEUE_PREFIX);
  trainingQueue.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));
  const backtestQueue = createBacktestQueue(redis, config.QUEUE_PREFIX);
  // Only read (the queue dashboard): the workers add deliveries, with their own retry settings.
  const webhookQueue = createWebhookQueue(redis, config.QUEUE_PREFIX, { attempts: 1 });
  webhookQueue.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));
  backtestQueue.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));
  const articles = new ArticleRepository(db);
  const authors = new AuthorRepository(db);
  const jobs = new CommentJobBatcher(queue);
  const localThreads = new LocalThreadCache(redis, config.QUEUE_PREFIX, {
    maxPages: config.THREAD_LOCAL_CACHE_PAGES,
    ttlMs: config.THREAD_LOCAL_CACHE_SECONDS * 1000,
  });
  const stopLocalThreads = localThreads.start();
  const eventStream = new EventStream(redis, config.QUEUE_PREFIX);
  const live = new LiveEvents({
    stream: eventStream,
    // One blocking reader per process, on a connection of its own (see event-hub.ts).
    hub: new EventHub({
      stream: eventStream,
      connect: () => createRedis(config.REDIS_URL, 'worker'),
      logger,
    }),
    logger,
  });
  const app = createApp({
    articles,
    comments: new CommentRepository(db),
    authors,
    moderators: new ModeratorRepository(db),
    policies: new PolicyRepository(db),
    configBus: new ConfigBus(redis, config.QUEUE_PREFIX),
    events: new EventLog(db),
    reports: new ReportRepository(db),
    reportQueue,
    reportRateLimiter: new RedisReportRateLimiter(redis, config.QUEUE_PREFIX, {
      perReader: config.REPORT_RATE_LIMIT_PER_READER,
      perIp: config.REPORT_RATE_LIMIT_PER_IP,
      windowSeconds: config.REPORT_RATE_LIMIT_WINDOW_SECONDS,
    }),
    backtests: { queue: backtestQueue, store: new BacktestStore(redis, config.QUEUE_PREFIX) },
    queue,
    scorerModels: new ScorerModelRepository(db),
    trainingQueue,
    verdicts: new VerdictRepository(db),
    threadCache: new ThreadCache(redis, config.QUEUE_PREFIX, config.THREAD_CACHE_TTL_SECONDS),
    localThreads,
    claims: new ClaimStore(redis, config.QUEUE_PREFIX, config.CLAIM_TTL_SECONDS * 1000),
    postingGate: new PostingGateCache(articles, authors),
    gateVersion: new GateVersion(redis, config.QUEUE_PREFIX),
    admission: new CommentAdmission(
      redis,
      config.QUEUE_PREFIX,
      rateLimitBudgets(config),
      config.IDEMPOTENCY_TTL_SECONDS,
    ),
    enqueueComment: (job) => jobs.add(job),
    live,
    sso: {
      identity: createReaderIdentity({
        ...(config.SSO_JWT_SECRET && { secret: config.SSO_JWT_SECRET }),
        ...(config.SSO_JWKS_URL && { jwksUrl: config.SSO_JWKS_URL }),
        ...(config.SSO_ISSUER && { issuer: config.SSO_ISSUER }),
        ...(config.SSO_AUDIENCE && { audience: config.SSO_AUDIENCE }),
      }),
      required: config.COMMENTS_REQUIRE_SSO,
    },
    authFailures: new RedisAuthFailureLimiter(redis, config.QUEUE_PREFIX, {
      failures: config.AUTH_FAILURES_PER_WINDOW,
      windowSeconds: config.AUTH_FAILURE_WINDOW_SECONDS,
    }),
    probes: { postgres: () => db.$queryRaw`SELECT 1`, redis: () => redis.ping() },
    webhooks: {
      endpoints: new WebhookRepository(db),
      guard: webhookTargetGuard(targetPolicyOf(config)),
      queue: webhookQueue,
    },
    metrics: createApiMetrics(),
    logger,
    http: {
      adminToken: config.ADMIN_TOKEN,
      trustProxy: trustProxySetting(config.TRUST_PROXY),
      jsonBodyLimit: config.JSON_BODY_LIMIT,
      policyBodyLimit: config.POLICY_BODY_LIMIT,
      corsOrigins: corsOrigins(config.CORS_ORIGINS),
      readerKeySecret: readerKeySecret(config),
    },
  });
  const server = createServer(app);
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  server.listen(config.PORT, config.HOST);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host =
    !config.HOST || config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  logger.info({ port }, 'api listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Drain: stop accepting, let in-flight requests finish, then close idle keep-alives.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Server-sent event streams never finish by themselves: end them (consoles reconnect to
      // another replica with Last-Event-ID).
      await live.stop();
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await stopLocalThreads();
      await queue.close();
      await reportQueue.close();
      await trainingQueue.close();
      await backtestQueue.close();
      await webhookQueue.close();
      await redis.quit().catch(() => redis.disconnect());
      await db.$disconnect();
      logger.info('api stopped');
    })());
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, app, port, stop };
}

if (isEntryPoint(import.meta.url)) {
  helpOrContinue('The comment moderation API (HTTP).', apiEnvSchema);
  const config = loadConfigOrExit(() => loadApiConfig());
  const logger = pino({ level: config.LOG_LEVEL, name: 'api' });
  const api = await startApi(config, logger);
  stopOnSignals(api.stop, logger);
  announceReady({ url: api.url });
}
