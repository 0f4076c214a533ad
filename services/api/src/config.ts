import { createHash } from 'node:crypto';
import { ConfigError, envSchemas, parseEnv, webhookTargetEnv } from '@cm/contracts';
import { z } from 'zod';

const ORIGIN = /^https?:\/\/[^/\s,]+$/;

export const apiEnvSchema = z.object({
  PORT: envSchemas.port.default(3000).describe('HTTP port of the API (0 picks a free one).'),
  HOST: z.string().optional().describe('Interface to listen on; default: all interfaces.'),
  DATABASE_URL: envSchemas.postgresUrl.describe('PostgreSQL connection URL.'),
  DATABASE_POOL_SIZE: envSchemas.positiveInt
    .max(1000)
    .default(10)
    .describe('Postgres connections this API process may open.'),
  REDIS_URL: envSchemas.redisUrl.describe(
    'Redis connection URL (Redis >= 6.2, maxmemory-policy noeviction); redis+cluster://host:port,host:port for a Redis Cluster.',
  ),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .describe('Bearer token with the admin role; bootstraps moderator tokens.'),
  QUEUE_PREFIX: envSchemas.queuePrefix.describe(
    'Prefix of every Redis key (queue, rate limits, idempotency, thread cache); braces keep keys in one Redis Cluster slot. Must match the worker.',
  ),
  RATE_LIMIT_WINDOW_SECONDS: envSchemas.positiveInt
    .default(60)
    .describe('Length of the rate-limit window, in seconds.'),
  RATE_LIMIT_PER_AUTHOR: envSchemas.positiveInt
    .optional()
    .describe(
      'Comments one author (e-mail, else name) may post per window; default: RATE_LIMIT_PER_MINUTE.',
    ),
  RATE_LIMIT_PER_IP: envSchemas.positiveInt
    .optional()
    .describe(
      'Comments one client IP may post per window (readers behind one NAT share it); default: RATE_LIMIT_PER_MINUTE.',
    ),
  RATE_LIMIT_PER_MINUTE: envSchemas.positiveInt
    .default(10)
    .describe(
      'Fallback budget for RATE_LIMIT_PER_AUTHOR and RATE_LIMIT_PER_IP when they are unset (per window; the name dates from the fixed one-minute window).',
    ),
  AUTH_FAILURES_PER_WINDOW: envSchemas.positiveInt
    .default(10)
    .describe(
      'Failed bearer-token authentications one client IP may make per AUTH_FAILURE_WINDOW_SECONDS; then 429 with Retry-After for any token until the window ends.',
    ),
  AUTH_FAILURE_WINDOW_SECONDS: envSchemas.positiveInt
    .default(60)
    .describe('Length of the failed-authentication window, in seconds.'),
  IDEMPOTENCY_TTL_SECONDS: envSchemas.positiveInt
    .default(24 * 3600)
    .describe('How long an Idempotency-Key is remembered, in seconds.'),
  THREAD_CACHE_TTL_SECONDS: envSchemas.threadCacheTtlSeconds.describe(
    'How long a cached thread page lives in Redis, in seconds (approvals invalidate it at once).',
  ),
  THREAD_LOCAL_CACHE_SECONDS: envSchemas.positiveInt
    .max(3600)
    .default(10)
    .describe(
      'Longest a thread page is served from an API process’s memory; invalidations (Redis pub/sub) drop it at once, this bounds a missed one.',
    ),
  THREAD_LOCAL_CACHE_PAGES: envSchemas.positiveInt
    .max(1_000_000)
    .default(2000)
    .describe('Thread pages one API process keeps in memory (least recently used leave first).'),
  JOB_ATTEMPTS: envSchemas.positiveInt
    .max(1000)
    .default(25)
    .describe(
      'Tries of a comment job before it is kept as failed (stored on each job when the API adds it).',
    ),
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 64kb or 1mb')
    .default('64kb')
    .describe('Largest JSON request body; larger ones get a 413.'),
  POLICY_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 64kb or 1mb')
    .default('2mb')
    .describe(
      'Largest JSON body of the policy routes (a policy with thousands of terms); larger ones get a 413.',
    ),
  CORS_ORIGINS: z
    .string()
    .refine(
      (raw) => raw.trim() === '*' || raw.split(',').every((origin) => ORIGIN.test(origin.trim())),
      'must be * or a comma-separated list of origins such as https://news.example',
    )
    .default('*')
    .describe(
      'Origins whose pages may call the public API (articles, comments) from a browser: * or a comma-separated list.',
    ),
  TRUST_PROXY: z
    .string()
    .default('false')
    .describe(
      'Express "trust proxy" setting: "false", "true", a hop count, or a list of addresses; decides the client IP.',
    ),
  SSO_JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (HS256 needs a 256-bit secret)')
    .optional()
    .describe(
      "Shared secret of the host site's HS256 sign-in tokens (JWT); readers who send one post as sso:<sub>.",
    ),
  SSO_JWKS_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .describe("URL of the host site's JSON Web Key Set, for RS/PS/ES/EdDSA-signed sign-in tokens."),
  SSO_ISSUER: z
    .string()
    .optional()
    .describe('When set, sign-in tokens must carry this "iss" claim.'),
  SSO_AUDIENCE: z
    .string()
    .optional()
    .describe('When set, sign-in tokens must carry this "aud" claim.'),
  COMMENTS_REQUIRE_SSO: envSchemas.bool
    .default(false)
    .describe(
      'true refuses comments without a sign-in token (401); needs SSO_JWT_SECRET or SSO_JWKS_URL.',
    ),
  REPORT_RATE_LIMIT_PER_READER: envSchemas.positiveInt
    .default(10)
    .describe('Reports one reader may send per report window.'),
  REPORT_RATE_LIMIT_PER_IP: envSchemas.positiveInt
    .default(30)
    .describe(
      'Reports one client IP may send per report window (readers behind one NAT share it).',
    ),
  REPORT_RATE_LIMIT_WINDOW_SECONDS: envSchemas.positiveInt
    .default(3600)
    .describe('Length of the report rate-limit window, in seconds.'),
  READER_KEY_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'Secret of the keyed hash that turns a reader (client IP + widget reader id) into a reader key; default: derived from ADMIN_TOKEN. Changing it forgets who reported what.',
    ),
  CLAIM_TTL_SECONDS: envSchemas.positiveInt
    .max(3600)
    .default(60)
    .describe(
      "How long a moderator's claim on a comment lasts unless renewed (claims are advisory; a decision releases them).",
    ),
  ...webhookTargetEnv,
  LOG_LEVEL: envSchemas.logLevel.default('info').describe('pino log level.'),
});

export type ApiConfig = z.output<typeof apiEnvSchema>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const config = parseEnv(apiEnvSchema, env);
  if (config.COMMENTS_REQUIRE_SSO && !config.SSO_JWT_SECRET && !config.SSO_JWKS_URL)
    throw new ConfigError([
      'COMMENTS_REQUIRE_SSO=true: set SSO_JWT_SECRET or SSO_JWKS_URL, or no reader could post',
    ]);
  return config;
}

/** Express's trust proxy accepts a boolean, a hop count or addresses; map the string to those. */
export function trustProxySetting(raw: string): boolean | number | string {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** `*`, or the list of origins. */
export function corsOrigins(raw: string): '*' | string[] {
  return raw.trim() === '*' ? '*' : raw.split(',').map((origin) => origin.trim());
}

/** The two rate-limit budgets, each falling back to RATE_LIMIT_PER_MINUTE. */
export function rateLimitBudgets(config: ApiConfig): {
  perAuthor: number;
  perIp: number;
  windowSeconds: number;
} {
  return {
    perAuthor: config.RATE_LIMIT_PER_AUTHOR ?? config.RATE_LIMIT_PER_MINUTE,
    perIp: config.RATE_LIMIT_PER_IP ?? config.RATE_LIMIT_PER_MINUTE,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
  };
}

/** The secret of reader keys: its own, or one derived from the admin token (never the token itself). */
export function readerKeySecret(config: ApiConfig): string {
  return (
    config.READER_KEY_SECRET ??
    createHash('sha256').update(`reader-key:${config.ADMIN_TOKEN}`, 'utf8').digest('hex')
  );
}
