import { envSchemas, parseEnv } from '@cm/contracts';
import type { TrainingSchedule } from '@cm/queue';
import { z } from 'zod';
import { webhookWorkerEnv } from './webhooks/config.ts';

export const workerEnvSchema = z.object({
  DATABASE_URL: envSchemas.postgresUrl.describe('PostgreSQL connection URL.'),
  DATABASE_POOL_SIZE: envSchemas.positiveInt
    .max(1000)
    .optional()
    .describe(
      'Postgres connections this worker process may open; default: min(WORKER_CONCURRENCY, 8) + 2 (the comments in hand share batched statements, not a connection each).',
    ),
  REDIS_URL: envSchemas.redisUrl.describe(
    'Redis connection URL; redis+cluster://host:port,host:port for a Redis Cluster.',
  ),
  QUEUE_PREFIX: envSchemas.queuePrefix.describe('Prefix of every Redis key; must match the API.'),
  MODERATION_POLICY_FILE: z
    .string()
    .optional()
    .describe(
      'JSON moderation policy (at least bannedWords and suspectWords); default: the bundled policy.',
    ),
  MODERATION_MODEL_FILE: z
    .string()
    .optional()
    .describe('Learned scorer model (JSON, from npm run train:model); default: the bundled model.'),
  CONFIG_POLL_MS: envSchemas.positiveInt
    .min(100)
    .max(600_000)
    .default(3_000)
    .describe(
      'How often the worker reads the active policy and model from Postgres, besides the instant announcement over Redis.',
    ),
  OUTBOX_POLL_MS: envSchemas.positiveInt
    .min(10)
    .max(60_000)
    .default(200)
    .describe(
      'How often the worker looks for committed events to publish to live consoles and webhooks (the transactional outbox), when it found none last time.',
    ),
  // Measured: more jobs in hand make bigger batches, so less CPU per comment (256 used about
  // two thirds of 64's); an idle worker adds no delay either way (a batch starts at once).
  WORKER_CONCURRENCY: envSchemas.positiveInt
    .max(1024)
    .default(256)
    .describe(
      'Comments moderated at once by one worker process; their database and Redis calls are batched together.',
    ),
  WORKER_BATCH_SIZE: envSchemas.positiveInt
    .max(1000)
    .default(100)
    .describe(
      "Most comments in one of the worker's batched statements (reads, stores) or Redis round trips.",
    ),
  WORKER_LOCK_DURATION_MS: envSchemas.positiveInt
    .min(1_000)
    .default(30_000)
    .describe("Job lock; a killed worker's comments are picked up again after about this long."),
  JOB_BACKOFF_MAX_MS: envSchemas.positiveInt
    .min(500)
    .default(60_000)
    .describe('Longest wait between two tries of a failing comment job (exponential from 0.5 s).'),
  AUTHOR_HISTORY_DAYS: envSchemas.positiveInt
    .max(3650)
    .default(7)
    .describe(
      "How far back the author's earlier comments are read for repeat-post rules, in days.",
    ),
  AUTHOR_HISTORY_ENTRIES: envSchemas.positiveInt
    .max(1000)
    .default(20)
    .describe("How many of the author's latest comments are read for repeat-post rules."),
  NEAR_DUPLICATE_ARTICLE_ENTRIES: envSchemas.positiveInt
    .max(100_000)
    .default(1000)
    .describe(
      'Newest comment fingerprints kept per article for the near-duplicate rule (within its window).',
    ),
  NEAR_DUPLICATE_SITE_ENTRIES: envSchemas.positiveInt
    .max(100_000)
    .default(2000)
    .describe(
      'Newest comment fingerprints kept site-wide for the near-duplicate rule; each comment reads up to this many.',
    ),
  THREAD_CACHE_TTL_SECONDS: envSchemas.threadCacheTtlSeconds.describe(
    'Lifetime of cached thread pages in Redis, in seconds; should match the API.',
  ),
  WORKER_METRICS_PORT: envSchemas.port
    .optional()
    .describe(
      "Port of the worker's Prometheus /metrics; unset = not served (npm start uses 9465), 0 = any free port.",
    ),
  WORKER_METRICS_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe("Address the worker's /metrics listens on (0.0.0.0 in containers)."),
  TRAINING_SCHEDULE: z
    .string()
    .default('0 3 * * *')
    .transform((value, ctx) => {
      const schedule = parseTrainingSchedule(value);
      if (schedule === undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be 0 (no scheduled training), an interval such as 6h, 30m or 1d, or a cron pattern such as "0 3 * * *"',
        });
        return z.NEVER;
      }
      return schedule;
    })
    .describe(
      "When the learned scorer retrains on the moderators' verdicts: a cron pattern (UTC), an interval (90s, 30m, 6h, 1d) or 0 for never; default daily at 03:00 UTC.",
    ),
  EXTERNAL_SCORER_RESET_MS: envSchemas.positiveInt
    .min(100)
    .max(3_600_000)
    .default(30_000)
    .describe(
      "How long the external scorer's circuit stays open (no calls) before one trial call, in ms.",
    ),
  EXTERNAL_SCORER_ERROR_PERCENT: envSchemas.positiveInt
    .max(100)
    .default(50)
    .describe(
      'Share of failed external-scorer calls (%) in the window above which the circuit opens.',
    ),
  EXTERNAL_SCORER_VOLUME_THRESHOLD: envSchemas.positiveInt
    .max(10_000)
    .default(5)
    .describe('External-scorer calls in the window before the circuit may open at all.'),
  EXTERNAL_SCORER_WINDOW_MS: envSchemas.positiveInt
    .min(1_000)
    .max(3_600_000)
    .default(10_000)
    .describe('Rolling window over which external-scorer failures are counted, in ms.'),
  ...webhookWorkerEnv,
  LOG_LEVEL: envSchemas.logLevel.default('info').describe('pino log level.'),
});

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const CRON_FIELD = /^[\d*/,?LW#A-Za-z-]+$/;

/**
 * `0` or `off` → no schedule; `<n>s|m|h|d` → every n units (at least 10 s); five or six cron
 * fields → that pattern (UTC). Anything else → undefined.
 */
export function parseTrainingSchedule(value: string): TrainingSchedule | undefined {
  const text = value.trim();
  if (text === '0' || text.toLowerCase() === 'off') return null;
  const interval = /^(\d+)\s*(s|m|h|d)$/.exec(text);
  if (interval) {
    const everyMs = Number(interval[1]) * UNIT_MS[interval[2] as keyof typeof UNIT_MS];
    return everyMs >= 10_000 ? { everyMs } : undefined;
  }
  const fields = text.split(/\s+/);
  if ((fields.length === 5 || fields.length === 6) && fields.every((f) => CRON_FIELD.test(f)))
    return { pattern: fields.join(' ') };
  return undefined;
}

export type WorkerConfig = z.output<typeof workerEnvSchema>;

export const loadWorkerConfig = (env: NodeJS.ProcessEnv = process.env): WorkerConfig =>
  parseEnv(workerEnvSchema, env);

/**
 * Enough connections for the batches in flight (two per kind: see batches.ts) plus the report
 * worker, training and the odd extra query; the jobs in hand share batches, not connections.
 */
export const databasePoolSize = (config: WorkerConfig): number =>
  config.DATABASE_POOL_SIZE ?? Math.min(config.WORKER_CONCURRENCY, 8) + 2;
