import { envSchemas, parseEnv } from '@cm/contracts';
import { z } from 'zod';

export const workerEnvSchema = z.object({
  DATABASE_URL: envSchemas.postgresUrl.describe('PostgreSQL connection URL.'),
  REDIS_URL: envSchemas.redisUrl.describe('Redis connection URL.'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9{}_:-]{1,64}$/, 'must be 1–64 of letters, digits, {}_:-')
    .default('{cm}')
    .describe('Prefix of every Redis key; must match the API.'),
  MODERATION_POLICY_FILE: z
    .string()
    .optional()
    .describe('JSON moderation policy (at least bannedWords and suspectWords); default: the bundled policy.'),
  WORKER_CONCURRENCY: envSchemas.positiveInt.max(256).default(4).describe('Comments moderated at once by one worker process.'),
  WORKER_LOCK_DURATION_MS: envSchemas.positiveInt
    .min(1_000)
    .default(30_000)
    .describe('Job lock; a killed worker\'s comments are picked up again after about this long.'),
  LOG_LEVEL: envSchemas.logLevel.default('info').describe('pino log level.'),
});

export type WorkerConfig = z.output<typeof workerEnvSchema>;

export const loadWorkerConfig = (env: NodeJS.ProcessEnv = process.env): WorkerConfig => parseEnv(workerEnvSchema, env);
