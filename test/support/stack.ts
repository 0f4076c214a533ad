import { randomBytes, randomUUID } from 'node:crypto';
import { listRoutes, loadApiConfig, startApi, type RouteInfo, type RunningApi } from '@cm/api';
import { ArticleRepository, createDatabase, ensureSeedArticle, type Database } from '@cm/db';
import { parsePolicy, type PolicyInput, type ScorerModel } from '@cm/moderation';
import { loadWorkerConfig, startWorker } from '@cm/worker';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { inject } from 'vitest';
import { withDatabase } from './global-setup.ts';

/** A database of its own for one test file, cloned from the migrated template in ~100 ms. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `cm_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

/** Redis keys of one test file: a prefix of its own on the shared Redis server. */
export const uniquePrefix = (): string => `{t${randomBytes(6).toString('hex')}}`;

export interface StackOptions {
  policy?: PolicyInput;
  /** The learned scorer the worker runs with the policy; default: none. */
  model?: ScorerModel;
  rateLimitPerMinute?: number;
  /** Start the worker in this process (default). Crash tests run it as a child process instead. */
  worker?: boolean;
  /** A Redis of the test's own (crash tests); default: the suite's shared one. */
  redisUrl?: string;
  /** More configuration for the API and the worker (environment variables). */
  env?: Record<string, string>;
}

export interface Stack {
  baseUrl: string;
  /** Every route and path-scoped middleware of the running API (`listRoutes`). */
  routes: RouteInfo[];
  adminToken: string;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** For reading state back in assertions; tests act through HTTP. */
  db: Database;
  createModerator(role?: 'moderator' | 'admin'): Promise<string>;
  /** Another API process on the same Postgres and Redis (stopped with the stack): its base URL. */
  /**
   * A second API process on the same Postgres, Redis and prefix (its own in-process caches),
   * configured as the stack's; stopped with the stack. `logger` to read what it logs.
   */
  startApiReplica(options?: { logger?: Logger }): Promise<RunningApi>;
  stop(): Promise<void>;
}

/**
 * The real API (port 0) and worker, in this process, against a fresh database and a fresh
 * Redis prefix, with the seed article `paris-raqqa` present.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const databaseUrl = await createTestDatabase();
  const redisUrl = options.redisUrl ?? inject('redisUrl');
  const prefix = uniquePrefix();
  const adminToken = `test-admin-${randomBytes(16).toString('hex')}`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    ADMIN_TOKEN: adminToken,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute ?? 1000),
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const db = createDatabase(databaseUrl, { poolSize: 3 });
  await ensureSeedArticle(new ArticleRepository(db));
  const api = await startApi(loadApiConfig(env), logger.child({ name: 'api' }));
  const replicas: Awaited<ReturnType<typeof startApi>>[] = [];
  const worker =
    options.worker === false
      ? null
      : await startWorker(loadWorkerConfig(env), logger.child({ name: 'worker' }), {
          policy: parsePolicy(options.policy ?? {}),
          model: options.model ?? null,
        });
  return {
    baseUrl: api.url,
    routes: listRoutes(api.app),
    adminToken,
    databaseUrl,
    redisUrl,
    prefix,
    db,
    async createModerator(role = 'moderator') {
      const response = await fetch(`${api.url}/api/v1/admin/moderators`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Test ${role}`, role }),
      });
      if (response.status !== 201)
        throw new Error(`could not create a ${role}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    async startApiReplica(replicaOptions = {}) {
      const replica = await startApi(
        loadApiConfig(env),
        replicaOptions.logger ?? logger.child({ name: 'api-replica' }),
      );
      replicas.push(replica);
      return replica;
    },
    async stop() {
      await worker?.stop();
      await Promise.all(replicas.map((replica) => replica.stop()));
      await api.stop();
      await db.$disconnect();
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch + JSON in one call; `body` is parsed JSON (or the raw text when it is not JSON). */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  init: {
    json?: unknown;
    raw?: string | Buffer;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: BodyInit | undefined =
    init.raw === undefined || typeof init.raw === 'string' ? init.raw : new Uint8Array(init.raw);
  if (init.json !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'condition',
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until the worker has stored the comment; returns its status as the API names it. */
export async function decided(
  stack: Pick<Stack, 'db'>,
  id: string,
  timeoutMs = 15_000,
): Promise<'pending' | 'approved' | 'rejected'> {
  const status = await eventually(
    async () =>
      (await stack.db.comment.findUnique({ where: { id }, select: { status: true } }))?.status,
    timeoutMs,
    `comment ${id} to be stored`,
  );
  return status.toLowerCase() as 'pending' | 'approved' | 'rejected';
}
