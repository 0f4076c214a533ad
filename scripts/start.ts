// `npm start`: everything a newcomer needs in one process. Uses DATABASE_URL / REDIS_URL when
// set; otherwise runs an embedded Postgres and a redis-server child with data under .data/.
// Applies migrations, seeds the article `paris-raqqa`, then starts the API and the worker.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadApiConfig, startApi } from '@cm/api';
import { ConfigError, loadConfigOrExit, stopOnSignals } from '@cm/contracts';
import { applyMigrations, ArticleRepository, createDatabase, ensureDatabase, ensureSeedArticle, SEED_ARTICLE_ID } from '@cm/db';
import { RedisNotInstalledError, startEmbeddedPostgres, startRedisServer } from '@cm/devstack';
import { loadWorkerConfig, startWorker } from '@cm/worker';
import { pino } from 'pino';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = join(ROOT, '.data');
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', name: 'start' });
const stops: (() => Promise<void>)[] = [];

async function adminToken(): Promise<string> {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  if (process.env.NODE_ENV === 'production') {
    throw new ConfigError(['ADMIN_TOKEN: is required when NODE_ENV=production (at least 16 characters)']);
  }
  const file = join(DATA, 'admin-token');
  const saved = await readFile(file, 'utf8').catch(() => '');
  if (saved.trim()) return saved.trim();
  const token = `admin_${randomBytes(24).toString('base64url')}`;
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

async function main() {
  await mkdir(DATA, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ADMIN_TOKEN: await adminToken() };
  // Check every other setting before starting anything (the URLs are known only afterwards).
  const placeholders = { DATABASE_URL: 'postgresql://embedded', REDIS_URL: 'redis://embedded', ...env };
  loadConfigOrExit(() => loadApiConfig(placeholders));
  loadConfigOrExit(() => loadWorkerConfig(placeholders));
  if (!env.DATABASE_URL) {
    const postgres = await startEmbeddedPostgres({ dataDir: join(DATA, 'postgres'), port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329) });
    stops.unshift(() => postgres.stop());
    env.DATABASE_URL = postgres.urlFor('comments');
    logger.info('embedded Postgres started (data in .data/postgres)');
  }
  if (!env.REDIS_URL) {
    const redis = await startRedisServer({ dataDir: join(DATA, 'redis'), port: Number(process.env.EMBEDDED_REDIS_PORT ?? 63799) });
    stops.unshift(() => redis.stop());
    env.REDIS_URL = redis.url;
    logger.info('redis-server started with AOF persistence (data in .data/redis)');
  }
  const apiConfig = loadConfigOrExit(() => loadApiConfig(env));
  const workerConfig = loadConfigOrExit(() => loadWorkerConfig(env));

  await ensureDatabase(apiConfig.DATABASE_URL);
  const { applied } = await applyMigrations(apiConfig.DATABASE_URL);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const db = createDatabase(apiConfig.DATABASE_URL, { poolSize: 1 });
  await ensureSeedArticle(new ArticleRepository(db));
  await db.$disconnect();

  const worker = await startWorker(workerConfig, pino({ level: workerConfig.LOG_LEVEL, name: 'worker' }));
  stops.unshift(() => worker.stop());
  const api = await startApi(apiConfig, pino({ level: apiConfig.LOG_LEVEL, name: 'api' }));
  stops.unshift(() => api.stop());

  const tokenHint = process.env.ADMIN_TOKEN ? '(from ADMIN_TOKEN)' : '(generated, kept in .data/admin-token)';
  console.log(`
  Comment moderation service is running.

    Article page       ${api.url}/articles/${SEED_ARTICLE_ID}
    Moderator console  ${api.url}/moderation
    API                ${api.url}/api/v1
    Health             ${api.url}/healthz  ${api.url}/readyz

    Admin token ${tokenHint}:
      ${apiConfig.ADMIN_TOKEN}

  Try it:
    curl -i -X POST ${api.url}/api/v1/articles/${SEED_ARTICLE_ID}/comments \\
      -H 'Content-Type: application/json' \\
      -d '{"body":"مقال مهم، شكراً","author":{"name":"سارة"}}'
    curl ${api.url}/api/v1/articles/${SEED_ARTICLE_ID}/comments

  Ctrl+C stops everything.
`);
}

stopOnSignals(async () => {
  for (const stop of stops) await stop();
}, logger);

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisNotInstalledError) console.error(error.message);
  else console.error(error);
  for (const stop of stops) await stop().catch(() => {});
  process.exit(1);
});
