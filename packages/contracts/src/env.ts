import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment variables once, at boot. Every problem names its variable, so a bad
 * deployment says exactly what to fix. Empty strings count as unset.
 */
export function parseEnv<Schema extends z.ZodObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.output<Schema> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      const value = cleaned[name];
      return value === undefined
        ? `${name}: ${issue.message}`
        : `${name}=${JSON.stringify(value)}: ${issue.message}`;
    }),
  );
}

/** Lists a schema's variables with their defaults and descriptions (for --help). */
export function describeEnv(schema: z.ZodObject): string {
  return Object.entries(schema.shape)
    .map(([name, field]) => {
      const type = field as z.ZodType & { def?: { type?: string; defaultValue?: unknown } };
      const fallback =
        type.def?.type === 'default'
          ? ` (default: ${JSON.stringify(type.def.defaultValue)})`
          : type.safeParse(undefined).success
            ? ' (optional)'
            : ' (required)';
      return `  ${name}${fallback}\n      ${type.description ?? ''}`;
    })
    .join('\n');
}

export const envSchemas = {
  port: z.coerce.number().int().min(0).max(65535),
  positiveInt: z.coerce.number().int().positive(),
  bool: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  /** One Redis (`redis://`, `rediss://`) or a Redis Cluster (`redis+cluster://host:port,host:port`). */
  redisUrl: z
    .string()
    .regex(
      /^(rediss?:\/\/|rediss?\+cluster:\/\/([^@/]*@)?[^/?#@,]+(,[^/?#@,]+)*\/?$)/,
      'must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port for a Redis Cluster',
    ),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Prefix of every Redis key; API and worker must agree, so both read it through this schema. */
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9{}_:-]{1,64}$/, 'must be 1–64 of letters, digits, {}_:-')
    .default('{cm}'),
  /** API and worker both write the thread cache, so they share its lifetime. */
  threadCacheTtlSeconds: z.coerce.number().int().positive().default(300),
};
