// `npm run bench`: HTTP throughput of the real stack, measured against a bare Express route in
// the same run. Prints one JSON document. Settings: BENCH_DURATION (s, default 5),
// BENCH_RUNS (default 3), BENCH_CONNECTIONS (default 50).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { applyMigrations, ArticleRepository, createDatabase, ensureDatabase, ensureSeedArticle } from '@cm/db';
import { freePort, makeTempDirectory, startEmbeddedPostgres, startRedisServer } from '@cm/devstack';

const ROOT = new URL('..', import.meta.url).pathname;
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const THREAD_SIZE = 50;
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const children: ChildProcess[] = [];
/** Starts a process and resolves once `ready()` answers true (or rejects if it exits first). */
async function serve(script: string, env: Record<string, string>, ready: () => Promise<boolean>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 2, 2] }); // stdout is for the JSON result only
  children.push(child);
  let exited = false;
  child.once('exit', () => (exited = true));
  while (!(await ready().catch(() => false))) {
    if (exited) throw new Error(`${script} exited with code ${child.exitCode} before it was ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const answers = (url: string) => async () => (await fetch(url)).ok;

async function measure(title: string, options: autocannon.Options) {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  const non2xx = result.non2xx + result.errors;
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx,
    title,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const dir = await makeTempDirectory('cm-bench-');
log('starting Postgres and Redis');
// Durable settings, as in production (no fsync=off): the numbers must mean something.
const [postgres, redis] = await Promise.all([startEmbeddedPostgres({ dataDir: join(dir, 'pg') }), startRedisServer({ dataDir: join(dir, 'redis') })]);
try {
  const databaseUrl = postgres.urlFor('bench');
  await ensureDatabase(databaseUrl);
  await applyMigrations(databaseUrl);
  const db = createDatabase(databaseUrl, { poolSize: 2 });
  const articles = new ArticleRepository(db);
  await ensureSeedArticle(articles);
  await articles.put('bench-thread', { title: 'Bench thread', language: 'ar' }, 'bench');

  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    ADMIN_TOKEN,
    LOG_LEVEL: 'warn', // one log line per request would measure the logger
    RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
  };
  const [apiPort, barePort] = await Promise.all([freePort(), freePort()]);
  log('starting API, worker and the bare Express route, each in its own process');
  const api = `http://127.0.0.1:${apiPort}`;
  const queue = new Queue('comments', { connection: { url: redis.url }, prefix: '{cm}' });
  await Promise.all([
    serve('services/api/src/main.ts', { ...env, PORT: String(apiPort), HOST: '127.0.0.1' }, answers(`${api}/readyz`)),
    serve('services/worker/src/main.ts', env, async () => (await queue.getWorkers()).length > 0),
    serve('bench/bare-server.ts', { PORT: String(barePort) }, answers(`http://127.0.0.1:${barePort}/bare`)),
  ]);
  /** Lets the worker finish the comments a POST run queued, so the next run has the CPU to itself. */
  const drained = async () => {
    for (;;) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  log(`filling a thread with ${THREAD_SIZE} approved comments`);
  for (let i = 0; i < THREAD_SIZE; i++) {
    const r = await fetch(`${api}/api/v1/articles/bench-thread/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: `تعليق رقم ${i}: ${'مقال مفيد جداً عن الأحداث في سوريا. '.repeat(4)}`, author: { name: `قارئ ${i}` } }),
    });
    if (r.status !== 202) throw new Error(`seeding the thread failed: ${r.status} ${await r.text()}`);
  }
  for (;;) {
    const approved = await db.comment.count({ where: { articleId: 'bench-thread', status: 'APPROVED' } });
    if (approved >= THREAD_SIZE) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const scenarios = {
    bareExpress: { url: `http://127.0.0.1:${barePort}/bare` },
    postComment: {
      url: `${api}/api/v1/articles/paris-raqqa/comments`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'تحليل ممتاز للأحداث، شكراً للكاتب على هذا المقال المفصل.', author: { name: 'قارئ' } }),
    },
    getThread50: { url: `${api}/api/v1/articles/bench-thread/comments?limit=${THREAD_SIZE}` },
  };
  const runs: Record<string, Awaited<ReturnType<typeof measure>>[]> = { bareExpress: [], postComment: [], getThread50: [] };
  const workerRuns: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // Interleaved, so a noisy neighbour hurts every scenario alike.
    for (const [name, options] of Object.entries(scenarios)) {
      log(`run ${run}/${RUNS}: ${name}`);
      runs[name]!.push(await measure(name, options));
      const drainStarted = Date.now();
      await drained();
      if (name === 'postComment') {
        // Every comment accepted in the run, decided and stored: the pipeline's sustained rate.
        const accepted = runs[name]!.at(-1)!.requestsPerSecond * DURATION;
        workerRuns.push(accepted / (DURATION + (Date.now() - drainStarted) / 1000));
      }
    }
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      {
        requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
        latencyP50Ms: median(list.map((r) => r.latencyP50Ms)),
        latencyP99Ms: median(list.map((r) => r.latencyP99Ms)),
        non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
        runs: list.map(({ title: _t, ...r }) => r),
      },
    ]),
  ) as Record<keyof typeof runs, { requestsPerSecond: number; latencyP50Ms: number; latencyP99Ms: number }>;
  const ratio = (name: string) => Number((summary[name]!.requestsPerSecond / summary.bareExpress!.requestsPerSecond).toFixed(3));
  await db.$disconnect();
  await queue.close();
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
        settings: { durationSeconds: DURATION, runs: RUNS, connections: CONNECTIONS, threadSize: THREAD_SIZE, statistic: 'median of runs' },
        results: summary,
        ratiosToBareExpress: { postComment: ratio('postComment'), getThread50: ratio('getThread50') },
        // Comments accepted in a POST run divided by the time until the worker had stored them all.
        commentsDecidedPerSecond: { median: median(workerRuns), runs: workerRuns.map((n) => Math.round(n)) },
      },
      null,
      2,
    ),
  );
} finally {
  for (const child of children) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  await Promise.all([postgres.stop(), redis.stop()]);
}
