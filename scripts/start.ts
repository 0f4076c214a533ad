// `npm start`: the whole service for a newcomer, one command and one Ctrl+C.
//
// This process is a small supervisor; it is the only one in the terminal's process group:
//   npm start (this file)
//   ├─ guard ─ postgres       unless DATABASE_URL is set (packages/devstack)
//   ├─ guard ─ redis-server   unless REDIS_URL is set
//   ├─ the API     node --import tsx services/api/src/main.ts      (start:api runs its build)
//   └─ the worker  node --import tsx services/worker/src/main.ts   (start:worker runs its build)
// It applies the migrations and the seed article itself, between starting the databases and
// the services (the two databases start side by side, then the two services). Each child has its own process group, so a terminal's Ctrl+C reaches only this
// process, which stops them in order: HTTP drained → worker closed → Redis and Postgres stopped.
// Each child also stops on its own when this process dies, however it dies (its IPC channel
// closes). If a child dies unexpectedly, the rest are stopped and `npm start` exits 1.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadApiConfig } from '@cm/api';
import { ConfigError, loadConfigOrExit } from '@cm/contracts';
import {
  applyMigrations,
  ArticleRepository,
  createDatabase,
  ensureDatabase,
  ensureSeedArticle,
  SEED_ARTICLE_ID,
} from '@cm/db';
import {
  PostgresUserCannotReachError,
  RedisNotInstalledError,
  startEmbeddedPostgres,
  startRedisServer,
} from '@cm/devstack';
import { loadWorkerConfig } from '@cm/worker';
import { pino } from 'pino';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = resolve(process.env.DATA_DIR || join(ROOT, '.data'));
/** A path as the user would type it: relative to where they are when it is below, else absolute. */
const shown = (path: string) => {
  const below = relative(process.cwd(), path);
  return below && !below.startsWith('..') && !isAbsolute(below) ? below : path;
};
const logger = pino({ level: process.env.LOG_LEVEL || 'info', name: 'start' });

/** What this process started, by name, in the order it stops them: HTTP first, the data last. */
const STOP_ORDER = ['API', 'worker', 'redis-server', 'embedded Postgres'] as const;
type PartName = (typeof STOP_ORDER)[number];
const parts = new Map<PartName, () => Promise<void>>();
let stopping: Promise<void> | undefined;

function stopAll(): Promise<void> {
  return (stopping ??= (async () => {
    for (const name of STOP_ORDER) await parts.get(name)?.();
  })());
}

async function adminToken(): Promise<string> {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  if (process.env.NODE_ENV === 'production') {
    throw new ConfigError([
      'ADMIN_TOKEN: is required when NODE_ENV=production (at least 16 characters)',
    ]);
  }
  const file = join(DATA, 'admin-token');
  const saved = await readFile(file, 'utf8').catch(() => '');
  if (saved.trim()) return saved.trim();
  const token = `admin_${randomBytes(24).toString('base64url')}`;
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/**
 * Runs a service entry point as a child with the environment computed here and resolves once it
 * says it is ready. Its own process group keeps the terminal's signals away from it; the IPC
 * channel tells it when this process is gone.
 */
async function startService(
  name: PartName,
  entry: string,
  env: NodeJS.ProcessEnv,
): Promise<{ url?: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  parts.set(name, () => stopChild(child, exited));
  const ready = await new Promise<{ url?: string }>((resolve, reject) => {
    child.once('message', (message: { ready?: boolean; url?: string }) => resolve(message));
    void exited.then((code) =>
      reject(
        new Error(`the ${name} exited with code ${code} while starting (its messages are above)`),
      ),
    );
  });
  failWhenItExits(name, exited);
  return ready;
}

/** SIGTERM, then wait; a service that has not stopped after 30 s is killed. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(force);
}

/** A part that dies while we are not stopping is a failure: say so, stop the rest, exit 1. */
function failWhenItExits(name: PartName, exited: Promise<unknown>): void {
  void exited.then((code) => {
    if (stopping) return;
    logger.error({ code }, `the ${name} exited unexpectedly; stopping the rest`);
    void stopAll().finally(() => process.exit(1));
  });
}

async function main() {
  await makeDataDirectory();
  const env: NodeJS.ProcessEnv = {
    // The worker's Prometheus metrics, on a port of their own (the API's /metrics is admin-only).
    WORKER_METRICS_PORT: '9465',
    ...process.env,
    ADMIN_TOKEN: await adminToken(),
  };
  // Check every other setting before starting anything (the URLs are known only afterwards).
  const placeholders = {
    DATABASE_URL: 'postgresql://embedded',
    REDIS_URL: 'redis://embedded',
    ...env,
  };
  loadConfigOrExit(() => loadApiConfig(placeholders));
  loadConfigOrExit(() => loadWorkerConfig(placeholders));
  // Independent steps start side by side: two cores, and each waits mostly on another process.
  await Promise.all([
    env.DATABASE_URL
      ? undefined
      : (async () => {
          const dataDir = join(DATA, 'postgres');
          const postgres = await startEmbeddedPostgres({
            dataDir,
            port: Number(process.env.EMBEDDED_POSTGRES_PORT || 54329),
          });
          parts.set('embedded Postgres', postgres.stop);
          failWhenItExits('embedded Postgres', postgres.exited);
          env.DATABASE_URL = postgres.urlFor('comments');
          logger.info(`embedded Postgres started (data in ${shown(dataDir)})`);
        })(),
    env.REDIS_URL
      ? undefined
      : (async () => {
          const dataDir = join(DATA, 'redis');
          const redis = await startRedisServer({
            dataDir,
            port: Number(process.env.EMBEDDED_REDIS_PORT || 63799),
          });
          parts.set('redis-server', redis.stop);
          failWhenItExits('redis-server', redis.exited);
          env.REDIS_URL = redis.url;
          logger.info(`redis-server started with AOF persistence (data in ${shown(dataDir)})`);
        })(),
  ]);
  const apiConfig = loadConfigOrExit(() => loadApiConfig(env));
  loadConfigOrExit(() => loadWorkerConfig(env));

  await ensureDatabase(apiConfig.DATABASE_URL);
  const { applied } = await applyMigrations(apiConfig.DATABASE_URL);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const db = createDatabase(apiConfig.DATABASE_URL, { poolSize: 1 });
  await ensureSeedArticle(new ArticleRepository(db));
  await db.$disconnect();

  const [, { url }] = await Promise.all([
    startService('worker', 'services/worker/src/main.ts', env),
    startService('API', 'services/api/src/main.ts', env),
  ]);
  if (stopping) return;

  const tokenHint = process.env.ADMIN_TOKEN
    ? '(from ADMIN_TOKEN)'
    : `(generated, kept in ${shown(join(DATA, 'admin-token'))})`;
  console.log(`
  Comment moderation service is running.

    Article page       ${url}/articles/${SEED_ARTICLE_ID}
    Moderator console  ${url}/moderation
    API                ${url}/api/v1
    Health             ${url}/healthz  ${url}/readyz

    Admin token ${tokenHint}:
      ${apiConfig.ADMIN_TOKEN}

  Try it:
    curl -i -X POST ${url}/api/v1/articles/${SEED_ARTICLE_ID}/comments \\
      -H 'Content-Type: application/json' \\
      -d '{"body":"مقال مهم، شكراً","author":{"name":"سارة"}}'
    curl ${url}/api/v1/articles/${SEED_ARTICLE_ID}/comments

  Ctrl+C stops everything.
`);
}

/** As root, the embedded Postgres runs as the OS user "postgres", which must be able to enter DATA. */
async function makeDataDirectory(): Promise<void> {
  const created = await mkdir(DATA, { recursive: true });
  if (created && process.getuid?.() === 0) await chmod(DATA, 0o755);
}

let firstSignalAt = 0;
const onSignal = (signal: NodeJS.Signals) => {
  if (stopping) {
    // `npm start` passes the terminal's Ctrl+C on to us, which may then arrive twice at once.
    if (Date.now() - firstSignalAt < 1_000) return;
    logger.warn(
      { signal },
      'stopping at once (the children stop themselves as this process exits)',
    );
    process.exit(1);
  }
  firstSignalAt = Date.now();
  logger.info({ signal }, 'stopping: HTTP, then the worker, then Redis and Postgres');
  stopAll().then(
    () => {
      logger.info({ ms: Date.now() - firstSignalAt }, 'stopped');
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'stopping failed');
      process.exit(1);
    },
  );
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

main().catch(async (error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof RedisNotInstalledError ||
    error instanceof PostgresUserCannotReachError;
  console.error(known ? error.message : error);
  await stopAll().catch(() => {});
  process.exit(1);
});
