import {
  announceReady,
  helpOrContinue,
  isEntryPoint,
  loadConfigOrExit,
  stopOnSignals,
} from '@cm/contracts';
import {
  BacktestSamples,
  CommentRepository,
  createDatabase,
  PolicyRepository,
  ScorerModelRepository,
} from '@cm/db';
import type { Policy, ScorerModel } from '@cm/moderation';
import {
  BacktestStore,
  ConfigBus,
  createBacktestWorker,
  createCommentWorker,
  createRedis,
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
import { LiveConfig } from './live-config.ts';
import { moderateComment } from './moderate-comment.ts';
import { loadModelFile } from './model-file.ts';
import { loadPolicyFile } from './policy-file.ts';
import { startTraining } from './training.ts';

export interface RunningWorker {
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
  const redis = createRedis(config.REDIS_URL, 'worker');
  // ioredis reconnects by itself; without a listener its errors would crash the process.
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const comments = new CommentRepository(db);
  const threadCache = new ThreadCache(redis, config.QUEUE_PREFIX, config.THREAD_CACHE_TTL_SECONDS);
  const history = { days: config.AUTHOR_HISTORY_DAYS, entries: config.AUTHOR_HISTORY_ENTRIES };
  const policies = new PolicyRepository(db);
  const live = await LiveConfig.start({
    policies,
    models: new ScorerModelRepository(db),
    bus: new ConfigBus(redis, config.QUEUE_PREFIX),
    logger,
    pollMs: config.CONFIG_POLL_MS,
    seed: { policy, model },
  });
  const worker = createCommentWorker(
    redis,
    config.QUEUE_PREFIX,
    async (job) => {
      const result = await moderateComment(
        { comments, threadCache, config: () => live.ready(), history },
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
  void worker.run();
  await worker.waitUntilReady();
  const training = await startTraining(config, { db, redis, logger });

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
    },
    'worker started',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await worker.close(); // finishes the jobs in hand, takes no new ones
      await training.stop();
      await backtests.close();
      await live.stop();
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
