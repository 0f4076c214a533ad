import {
  announceReady,
  helpOrContinue,
  isEntryPoint,
  loadConfigOrExit,
  stopOnSignals,
} from '@cm/contracts';
import {
  ArticleRepository,
  AuthorRepository,
  BacktestSamples,
  CommentRepository,
  createDatabase,
  EventLog,
  PolicyRepository,
  ReportRepository,
  ScorerModelRepository,
} from '@cm/db';
import { hammingDistance, type Policy, type ScorerModel } from '@cm/moderation';
import {
  BacktestStore,
  ConfigBus,
  createBacktestWorker,
  createCommentQueue,
  createCommentWorker,
  createRedis,
  keyPrefixFor,
  createReportWorker,
  EventStream,
  NearDuplicateIndex,
  ThreadCache,
} from '@cm/queue';
import { pino, type Logger } from 'pino';
import {
  databasePoolSize,
  loadWorkerConfig,
  workerEnvSchema,
  type WorkerConfig,
} from './config.ts';
import { runBacktest } from './backtest.ts';
import { batchedPipeline } from './batches.ts';
import { ExternalScorerClient } from './external-scorer.ts';
import { createWorkerMetrics, serveMetrics } from './metrics.ts';
import { LiveConfig } from './live-config.ts';
import { moderateComment } from './moderate-comment.ts';
import { reviewReports } from './review-reports.ts';
import { loadModelFile } from './model-file.ts';
import { loadPolicyFile } from './policy-file.ts';
import { startTraining } from './training.ts';
import { liveStreamSink, startOutboxRelay } from './outbox-relay.ts';
import { startWebhookDelivery } from './webhooks/index.ts';

/**
 * Every line about a job names it: job id, comment id and the id of the HTTP request that
 * accepted the comment, so one comment can be followed from the API's log into the worker's.
 */
function jobLogger(logger: Logger, job: { id?: string | undefined; data: unknown }): Logger {
  const data = (job.data ?? {}) as { commentId?: unknown; requestId?: unknown };
  return logger.child({
    jobId: job.id,
    ...(typeof data.commentId === 'string' && { commentId: data.commentId }),
    ...(typeof data.requestId === 'string' && { requestId: data.requestId }),
  });
}

export interface RunningWorker {
  /** Where the worker's Prometheus metrics are served, when WORKER_METRICS_PORT is set. */
  metricsUrl: string | null;
  stop(): Promise<void>;
}

/**
 * The worker's composition root: one Prisma client, one Redis connection, one BullMQ worker, and
 * the live policy and model (read from Postgres, followed while running; see live-config.ts).
 * The policy file and the model file (or `options`, in tests) only seed an empty database.
 */
export async function startWorker(
  config: WorkerConfig,
  logger: Logger = pino({ level: config.LOG_LEVEL, name: 'worker' }),
  options: { policy?: Policy; model?: ScorerModel | null } = {},
): Promise<RunningWorker> {
  const policy = options.policy ?? (await loadPolicyFile(config.MODERATION_POLICY_FILE));
  // The files are the defaults; a policy passed in (tests) runs without a model unless one is passed too.
  const model =
    options.model !== undefined
      ? options.model
      : options.policy
        ? null
        : await loadModelFile(config.MODERATION_MODEL_FILE);
  const db = createDatabase(config.DATABASE_URL, { poolSize: databasePoolSize(config) });
  // On a Redis Cluster every key needs the prefix's hash tag (`cm` → `{cm}`; see keyPrefixFor).
  config = { ...config, QUEUE_PREFIX: keyPrefixFor(config.REDIS_URL, config.QUEUE_PREFIX) };
  const redis = createRedis(config.REDIS_URL, 'worker');
  // ioredis reconnects by itself; without a listener its errors would crash the process.
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const comments = new CommentRepository(db);
  const authors = new AuthorRepository(db);
  const threadCache = new ThreadCache(redis, config.QUEUE_PREFIX, config.THREAD_CACHE_TTL_SECONDS);
  const history = { days: config.AUTHOR_HISTORY_DAYS, entries: config.AUTHOR_HISTORY_ENTRIES };
  const nearDuplicates = new NearDuplicateIndex(redis, config.QUEUE_PREFIX, {
    distance: hammingDistance,
    articleEntries: config.NEAR_DUPLICATE_ARTICLE_ENTRIES,
    siteEntries: config.NEAR_DUPLICATE_SITE_ENTRIES,
  });
  // Read-only view of the shared queue for the depth and age gauges.
  const queue = createCommentQueue(redis, config.QUEUE_PREFIX);
  const articles = new ArticleRepository(db);
  // The policy's external scorer, if it names one (see external-scorer.ts): this process's breaker.
  const externalScorer = new ExternalScorerClient({
    breaker: {
      resetMs: config.EXTERNAL_SCORER_RESET_MS,
      errorThresholdPercentage: config.EXTERNAL_SCORER_ERROR_PERCENT,
      volumeThreshold: config.EXTERNAL_SCORER_VOLUME_THRESHOLD,
      windowMs: config.EXTERNAL_SCORER_WINDOW_MS,
    },
    articleLanguage: async (id) => (await articles.get(id))?.language ?? null,
    observe: (outcome, seconds) => metrics.externalScorer.observe({ outcome }, seconds),
    onStateChange: (state, url) =>
      logger[state === 'open' ? 'warn' : 'info'](
        { url, state },
        'external scorer circuit ' + state,
      ),
  });
  const metrics = createWorkerMetrics(queue, { externalScorerState: () => externalScorer.state() });
  const policies = new PolicyRepository(db);
  const live = await LiveConfig.start({
    policies,
    models: new ScorerModelRepository(db),
    bus: new ConfigBus(redis, config.QUEUE_PREFIX),
    logger,
    pollMs: config.CONFIG_POLL_MS,
    seed: { policy, model },
  });
  // Comments and report reviews: the same concurrency, lock and backoff.
  const workerOptions = {
    concurrency: config.WORKER_CONCURRENCY,
    lockDurationMs: config.WORKER_LOCK_DURATION_MS,
    backoffCapMs: config.JOB_BACKOFF_MAX_MS,
  };
  // The jobs in hand share their reads, lookups and writes (one statement per batch).
  const pipeline = batchedPipeline(
    { comments, authors, threadCache, nearDuplicates },
    { maxSize: config.WORKER_BATCH_SIZE },
  );
  const worker = createCommentWorker(
    redis,
    config.QUEUE_PREFIX,
    async (job) => {
      const log = jobLogger(logger, job);
      const endTimer = metrics.duration.startTimer();
      const { findings, engineSeconds, ...result } = await moderateComment(
        { ...pipeline, config: () => live.ready(), history, externalScorer },
        job.data,
      );
      endTimer();
      metrics.jobs.inc({ outcome: result.outcome });
      if (result.outcome === 'stored') {
        metrics.engine.observe(engineSeconds);
        metrics.decisions.inc({ action: result.action });
        for (const finding of findings) metrics.findings.inc(finding);
      }
      log.info({ attempt: job.attemptsMade + 1, ...result }, 'comment moderated');
    },
    workerOptions,
  );
  worker.on('failed', (job, error) => {
    const attempts = job?.opts.attempts ?? 1;
    const final = !job || job.attemptsMade >= attempts || error.name === 'UnrecoverableError';
    metrics.jobs.inc({ outcome: final ? 'failed' : 'retried' });
    // A retried failure heals itself (warn); a final one needs a person (error).
    (job ? jobLogger(logger, job) : logger)[final ? 'error' : 'warn'](
      { attempt: job?.attemptsMade, err: error },
      final ? 'comment job failed for good' : 'comment job failed; will retry',
    );
  });
  worker.on('stalled', (jobId) => {
    metrics.stalled.inc();
    logger.warn(
      { jobId },
      'comment job stalled (its worker stopped renewing the lock); taken again',
    );
  });
  worker.on('error', (error) => logger.warn({ err: error }, 'worker connection error'));
  // The second queue: reader reports compared with the policy (see review-reports.ts).
  const reports = new ReportRepository(db);
  const reportWorker = createReportWorker(
    redis,
    config.QUEUE_PREFIX,
    async (job) => {
      const result = await reviewReports(
        { reports, threadCache, policy: async () => (await live.ready()).compiled },
        job.data,
      );
      logger.info({ jobId: job.id, commentId: job.data.commentId, ...result }, 'reports reviewed');
    },
    // Report reviews are not batched: each holds a database connection while it runs.
    { ...workerOptions, concurrency: Math.min(config.WORKER_CONCURRENCY, 8) },
  );
  reportWorker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, err: error }, 'reports review failed'),
  );
  reportWorker.on('error', (error) => logger.warn({ err: error }, 'worker connection error'));
  void worker.run();
  void reportWorker.run();
  await Promise.all([worker.waitUntilReady(), reportWorker.waitUntilReady()]);
  const metricsServer =
    config.WORKER_METRICS_PORT === undefined
      ? null
      : await serveMetrics(metrics, config.WORKER_METRICS_HOST, config.WORKER_METRICS_PORT);
  // Training runs in a thread of its own (learn-thread.ts; learn-thread.js next to the bundle).
  const learnThread = new URL(
    import.meta.url.endsWith('.ts') ? './learn-thread.ts' : './learn-thread.js',
    import.meta.url,
  );
  const training = await startTraining(config, { db, redis, logger, learnThread });
  const webhooks = await startWebhookDelivery(config, { db, redis, logger });
  // Committed events → the live stream (consoles) and the other sinks; see outbox-relay.ts.
  const relay = startOutboxRelay({
    events: new EventLog(db),
    sinks: [liveStreamSink(new EventStream(redis, config.QUEUE_PREFIX)), webhooks.sink],
    logger,
    pollMs: config.OUTBOX_POLL_MS,
  });

  // Backtests: their own queue, one at a time, after the comments (see backtest.ts).
  const backtestStore = new BacktestStore(redis, config.QUEUE_PREFIX);
  const backtests = createBacktestWorker(redis, config.QUEUE_PREFIX, async (job) => {
    const { id } = job.data;
    try {
      const result = await runBacktest(
        {
          samples: new BacktestSamples(db),
          policies,
          store: backtestStore,
          config: () => live.ready(),
          history,
        },
        job.data,
      );
      await backtestStore.update(id, {
        status: 'done',
        progress: 100,
        result,
        finishedAt: new Date().toISOString(),
      });
      logger.info({ backtestId: id, changed: result.changed }, 'backtest done');
    } catch (error) {
      logger.warn({ backtestId: id, err: error }, 'backtest failed');
      await backtestStore.update(id, {
        status: 'failed',
        error: (error as Error).message,
        finishedAt: new Date().toISOString(),
      });
    }
  });
  backtests.on('error', (error) => logger.warn({ err: error }, 'backtest worker connection error'));
  void backtests.run();
  await backtests.waitUntilReady();
  logger.info(
    {
      concurrency: config.WORKER_CONCURRENCY,
      policyVersion: live.get()?.policyVersion ?? null,
      modelVersion: live.get()?.modelVersion ?? null,
      metrics: metricsServer?.url ?? null,
    },
    'worker started',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Finish the jobs in hand, take no new ones.
      await Promise.all([worker.close(), reportWorker.close(), backtests.close()]);
      await training.stop();
      await relay.stop();
      await webhooks.stop();
      await metricsServer?.close();
      await queue.close();
      await live.stop();
      externalScorer.shutdown();
      await redis.quit().catch(() => redis.disconnect());
      await db.$disconnect();
      logger.info('worker stopped');
    })());
  return { metricsUrl: metricsServer?.url ?? null, stop };
}

if (isEntryPoint(import.meta.url)) {
  helpOrContinue('The comment moderation worker (BullMQ).', workerEnvSchema);
  const config = loadConfigOrExit(() => loadWorkerConfig());
  const logger = pino({ level: config.LOG_LEVEL, name: 'worker' });
  const running = await startWorker(config, logger).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
  stopOnSignals(running.stop, logger);
  announceReady();
}
