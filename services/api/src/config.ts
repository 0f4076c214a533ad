import { envSchemas, parseEnv } from '@cm/contracts';
import { z } from 'zod';

export const apiEnvSchema = z.object({
  PORT: envSchemas.port.default(3000).describe('HTTP port of the API (0 picks a free one).'),
  HOST: z.string().optional().describe('Interface to listen on; default: all interfaces.'),
  DATABASE_URL: envSchemas.postgresUrl.describe('PostgreSQL connection URL.'),
  REDIS_URL: envSchemas.redisUrl.describe('Redis connection URL (Redis >= 6.2, maxmemory-policy noeviction).'),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .describe('Bearer token with the admin role; bootstraps moderator tokens.'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9{}_:-]{1,64}$/, 'must be 1–64 of letters, digits, {}_:-')
    .default('{cm}')
    .describe('Prefix of every Redis key (queue, rate limits, idempotency); braces keep keys in one Redis Cluster slot.'),
  RATE_LIMIT_PER_MINUTE: envSchemas.positiveInt.default(10).describe('Comments per minute allowed per author and per client IP.'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .describe('Express "trust proxy" setting: "false", "true", a hop count, or a list of addresses; decides the client IP.'),
  LOG_LEVEL: envSchemas.logLevel.default('info').describe('pino log level.'),
});

export type ApiConfig = z.output<typeof apiEnvSchema>;

export const loadApiConfig = (env: NodeJS.ProcessEnv = process.env): ApiConfig => parseEnv(apiEnvSchema, env);

/** Express's trust proxy accepts a boolean, a hop count or addresses; map the string to those. */
export function trustProxySetting(raw: string): boolean | number | string {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}
