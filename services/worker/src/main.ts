import {
  announceReady,
  helpOrContinue,
  isEntryPoint,
  loadConfigOrExit,
  stopOnSignals,
} from '@cm/contracts';
import { CommentRepository, createDatabase, ReportRepository } from '@cm/db';
import { compilePolicy, type Policy, type ScorerModel } from '@cm/moderation';
import { createCommentWorker, createRedis, createReportWorker, ThreadCache } from '@cm/queue';
import { pino, type Logger } from 'pino';
import {
  databasePoolSize,
  loadWorkerConfig,
  workerEnvSchema,
  type WorkerConfig,
} from './config.ts';
import { moderateComment } from './moderate-comment.ts';
import { reviewReports } from './review-reports.ts';
import { loadModelFile } from './model-file.ts';
import { loadPolicyFile } from './policy-file.ts';

export interface RunningWorker {
  stop(): Promise<void>;
}

/** The worker's composition root: one Prisma client, one Redis connection, one BullMQ worker. */
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
  const compiled = compilePolicy(policy, { model });
  const db = createDatabase(config.DATABASE_URL, { poolSize: databasePoolSize(config) });
  const redis = createRedis(config.REDIS_URL, 'worker');
  // ioredis reconnects by itself; without a listener its errors would crash the process.
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const comments = new CommentRepository(db);
  const threadCache = new ThreadCache(redis, config.QUEUE_PREFIX, config.THREAD_CACHE_TTL_SECONDS);
  const history = { days: config.AUTHOR_HISTORY_DAYS, entries: config.AUTHOR_HISTORY_ENTRIES };
  const worker = createCommentWorker(
    redis,
    config.QUEUE_PREFIX,
    async (job) => {
      const result = await moderateComment(
        { comments, threadCache, policy: () => compiled, history },
        job.data,
      );
      logger.info({ jobId: job.id, attempt: job.attemptsMade + 1, ...result }, 'comment moderated');
    },
    {
      concurrency: config.WORKER_CONCURRENCY,
      lockDurationMs: config.WORKER_LOCK_DURATION_MS,
      backoffCapMs: config.JOB_BACKOFF_MAX_MS,
    },
  );
  worker.on('failed', (job, error) => {
    const attempts = job?.opts.attempts ?? 1;
    const final = !job || job.attemptsMade >= attempts || error.name === 'UnrecoverableError';
    // A retried failure heals itself (warn); a final one needs a person (error).
    logger[final ? 'error' : 'warn'](
      { jobId: job?.id, attempt: job?.attemptsMade, err: error },
      final ? 'comment job failed for good' : 'comment job failed; will retry',
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
        { reports, threadCache, policy: () => compiled },
        job.data,
      );
      logger.info({ jobId: job.id, commentId: job.data.commentId, ...result }, 'reports reviewed');
    },
    {
      concurrency: config.WORKER_CONCURRENCY,
      lockDurationMs: config.WORKER_LOCK_DURATION_MS,
      backoffCapMs: config.JOB_BACKOFF_MAX_MS,
    },
  );
  reportWorker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, err: error }, 'reports review failed'),
  );
  reportWorker.on('error', (error) => logger.warn({ err: error }, 'worker connection error'));
  void worker.run();
  void reportWorker.run();
  await Promise.all([worker.waitUntilReady(), reportWorker.waitUntilReady()]);
  logger.info(
    {
      concurrency: config.WORKER_CONCURRENCY,
      policyVersion: policy.version,
      modelVersion: model?.version ?? null,
    },
    'worker started',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Finish the jobs in hand, take no new ones.
      await Promise.all([worker.close(), reportWorker.close()]);
      await redis.quit().catch(() => redis.disconnect());
      await db.$disconnect();
      logger.info('worker stopped');
    })());
  return { stop };
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
