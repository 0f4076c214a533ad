/**
 * `npm run bench`: the service as `npm start` runs it, measured against the ceiling (the same v1
 * contract answered from memory on bare Express 5) and a hello-world route, all in one run, each
 * server in its own process; then the pipeline behind the 202 (backlog drain rate, POST →
 * visible-in-thread latency at a steady rate), then the same with a second worker process and
 * with a second API process. Prints one JSON document on stdout; progress goes to stderr.
 * Settings (environment): see SETTINGS below and the README's Benchmarks section.
 */
import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort, makeTempDirectory, startEmbeddedPostgres, startRedisServer } from '@cm/devstack';
import { Children, type Child } from './support/children.ts';
import { approvableComment, approvableCommentJson } from './support/comments.ts';
import type { CeilingSeed } from './support/ceiling-store.ts';
import { compareCeilingWithService } from './support/equivalence.ts';
import { failures, load, type LoadResult } from './support/load.ts';
import { measureDrain, measureVisibility } from './support/pipeline.ts';
import { ratios, scaleOut, summarize, type PipelineResult, type SetUp } from './support/report.ts';
import { putArticle, ServiceProbe } from './support/service.ts';
import { round } from './support/stats.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name}=${process.env[name]}: expected a positive number`);
  return value;
};
/** `npm run bench:quick`: every measurement, smaller, to check the bench or a change's direction. */
const QUICK = process.env.BENCH_QUICK === '1';
/** `BENCH_ONLY=pipeline`: only the pipeline (drain and steady rate), to iterate on the worker. */
const ONLY = process.env.BENCH_ONLY ?? 'all';
if (ONLY !== 'all' && ONLY !== 'pipeline')
  throw new Error(`BENCH_ONLY=${ONLY}: expected pipeline (or unset for everything)`);
const PIPELINE_ONLY = ONLY === 'pipeline';
const SETTINGS = {
  durationSeconds: number('BENCH_DURATION', QUICK ? 3 : 10),
  rounds: number('BENCH_RUNS', QUICK ? 1 : 3),
  connections: number('BENCH_CONNECTIONS', 20),
  threadSize: 50,
  backlog: number('BENCH_BACKLOG', QUICK ? 2_000 : 10_000),
  steadyPerSecond: number('BENCH_STEADY_RATE', 300),
  steadySeconds: number('BENCH_STEADY_SECONDS', QUICK ? 10 : 60),
  pollMs: number('BENCH_POLL_MS', 25),
  scaleOut: process.env.BENCH_SCALE_OUT !== '0',
  /** BENCH_PIPELINE=0: the throughput rounds only (to compare a change's request path quickly). */
  pipeline: process.env.BENCH_PIPELINE !== '0',
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn', // one log line per request would measure the logger
  quick: QUICK,
  only: ONLY,
};
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const QUEUE_PREFIX = '{cm}';
const THREAD = 'bench-thread';
const POSTS = 'bench-post';
const startedAt = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `bench ${Math.round((performance.now() - startedAt) / 1000)}s: ${message}\n`,
  );

const children = new Children(ROOT, (line) => process.stderr.write(`  ${line}\n`));
const stops: (() => Promise<unknown>)[] = [];
let stopping: Promise<void> | undefined;
/** Stops every child, then Redis and Postgres; safe to call twice. */
const stopEverything = () =>
  (stopping ??= (async () => {
    await children.stopAll().catch(() => {});
    for (const stop of stops.reverse()) await stop().catch(() => {});
  })());
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      children.killNow(); // a second Ctrl+C: no more waiting for graceful stops
      process.exit(130);
    }
    interrupted = true;
    log(`${signal}: stopping every process the bench started (again to kill them at once)`);
    void stopEverything().finally(() => process.exit(130));
  });
}

const answers = (url: string) => async () => (await fetch(url)).ok;
const commentsPath = (articleId: string) => `/api/v1/articles/${articleId}/comments`;

const SET_UPS: SetUp[] = SETTINGS.scaleOut ? ['1x', '2-workers', '2-apis'] : ['1x'];

async function main() {
  const loadAtStart = loadavg().map((n) => round(n, 2));
  const dir = await makeTempDirectory('cm-bench-'); // traversable by the postgres user when run as root
  stops.push(() => rm(dir, { recursive: true, force: true }));
  log('starting Postgres and Redis (durable settings, as npm start runs them)');
  const [postgres, redis] = await Promise.all([
    startEmbeddedPostgres({ dataDir: join(dir, 'pg') }),
    startRedisServer({ dataDir: join(dir, 'redis') }),
  ]);
  stops.push(
    () => postgres.stop(),
    () => redis.stop(),
  );
  const env = {
    DATABASE_URL: postgres.urlFor('bench'),
    REDIS_URL: redis.url,
    ADMIN_TOKEN,
    QUEUE_PREFIX,
    HOST: '127.0.0.1',
    LOG_LEVEL: SETTINGS.logLevel,
    RATE_LIMIT_PER_MINUTE: String(1_000_000_000), // one load generator is one IP
  };
  const [apiPort, api2Port, barePort, ceilingPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const api = `http://127.0.0.1:${apiPort}`;
  const api2 = `http://127.0.0.1:${api2Port}`;
  const bare = `http://127.0.0.1:${barePort}`;
  const ceiling = `http://127.0.0.1:${ceilingPort}`;

  log(
    'starting the service as `npm start` does (scripts/start.ts: migrations, seed, API and worker)',
  );
  await children.start(
    'npm start',
    'scripts/start.ts',
    { ...env, PORT: String(apiPort), DATA_DIR: join(dir, 'data') },
    answers(`${api}/readyz`),
  );
  const probe = new ServiceProbe(
    env.DATABASE_URL,
    env.REDIS_URL,
    QUEUE_PREFIX,
    ADMIN_TOKEN,
    children,
  );
  stops.push(() => probe.close());
  const guard = children.guard.bind(children);
  let workersInNpmStart = 0;
  for (let tries = 0; (workersInNpmStart = await probe.workers()) === 0; tries++) {
    if (tries > 300)
      throw new Error('npm start answers /readyz but no worker joined the queue within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const articles = [
    THREAD,
    POSTS,
    ...SET_UPS.flatMap((s) => [`bench-backlog-${s}`, `bench-live-${s}`]),
  ];
  for (const id of articles) await putArticle(api, ADMIN_TOKEN, id, `Bench article ${id}`);

  log(`filling ${THREAD} with ${SETTINGS.threadSize} approved comments`);
  // One author: the bench's comments share sentences, and the same text from many authors is
  // what the near-duplicate rule holds as coordinated posting. Should moderation still hold
  // some, post more until the thread has its size, then check it is exactly that.
  let posted = 0;
  for (let round = 0; round < 20; round++) {
    const missing = SETTINGS.threadSize - (await probe.approved(THREAD));
    if (missing <= 0) break;
    for (let i = 0; i < missing; i++) {
      const r = await fetch(api + commentsPath(THREAD), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...approvableComment(), author: { name: 'قارئ الموضوع' } }),
      });
      if (r.status !== 202)
        throw new Error(`seeding the thread: HTTP ${r.status} ${await r.text()}`);
      posted++;
    }
    await probe.waitStored(THREAD, posted);
  }
  const approved = await probe.approved(THREAD);
  if (approved !== SETTINGS.threadSize)
    throw new Error(
      `${THREAD}: ${approved} approved comments instead of ${SETTINGS.threadSize} after ${posted} posted`,
    );

  const equivalence = PIPELINE_ONLY
    ? { ok: true, differences: [] as string[], skipped: 'BENCH_ONLY=pipeline' }
    : await startCeiling(articles, dir, ceilingPort, barePort, env.RATE_LIMIT_PER_MINUTE, api);

  /** Comments accepted by API processes the bench has since stopped (their metrics go with them). */
  let acceptedByStoppedApis = 0;
  /** Waits until every comment any API accepted so far is decided and stored. */
  const quiesce = async () =>
    probe.waitStored(null, (await probe.acceptedSettled([api])) + acceptedByStoppedApis);
  await quiesce(); // the comment the equivalence check posted
  let extraWorkers = 0;
  const startExtra = async (
    setUp: SetUp,
  ): Promise<{ apiUrls: string[]; workers: number; child?: Child }> => {
    if (setUp === '2-workers') {
      const expected = workersInNpmStart * 2;
      const child = await children.start(
        `worker ${++extraWorkers + 1}`,
        'services/worker/src/main.ts',
        env,
        async () => (await probe.workers()) >= expected,
      );
      return { apiUrls: [api], workers: await probe.workers(), child };
    }
    if (setUp === '2-apis') {
      const child = await children.start(
        'api 2',
        'services/api/src/main.ts',
        { ...env, PORT: String(api2Port) },
        answers(`${api2}/readyz`),
      );
      return { apiUrls: [api, api2], workers: await probe.workers(), child };
    }
    return { apiUrls: [api], workers: await probe.workers() };
  };
  const stopExtra = async (setUp: SetUp, extra: { child?: Child }) => {
    if (!extra.child) return;
    if (setUp === '2-apis') acceptedByStoppedApis += await probe.accepted([api2]);
    await children.stop(extra.child);
  };

  /** POST → 202 on the service; then waits until every accepted comment is decided and stored. */
  const servicePost = async (apiUrls: string[]) => {
    const acceptedBefore = await probe.accepted(apiUrls);
    const storedBefore = await probe.stored(POSTS);
    const result = await guard(
      load({
        urls: apiUrls.map((u) => u + commentsPath(POSTS)),
        method: 'POST',
        body: approvableCommentJson,
        connections: SETTINGS.connections,
        durationSeconds: SETTINGS.durationSeconds,
      }),
    );
    const accepted = (await probe.acceptedSettled(apiUrls)) - acceptedBefore;
    if ((result.statusCodes['202'] ?? 0) > accepted)
      throw new Error(
        `the load generator saw more 202s (${result.statusCodes['202']}) than the API counted (${accepted})`,
      );
    await probe.waitStored(POSTS, storedBefore + accepted);
    return result;
  };

  const scenarios: Record<string, () => Promise<LoadResult>> = {
    helloWorld: () =>
      guard(
        load({
          urls: [`${bare}/bare`],
          connections: SETTINGS.connections,
          durationSeconds: SETTINGS.durationSeconds,
        }),
      ),
    ceilingPost: () =>
      guard(
        load({
          urls: [ceiling + commentsPath(POSTS)],
          method: 'POST',
          body: approvableCommentJson,
          connections: SETTINGS.connections,
          durationSeconds: SETTINGS.durationSeconds,
        }),
      ),
    ceilingGet: () =>
      guard(
        load({
          urls: [`${ceiling}${commentsPath(THREAD)}?limit=${SETTINGS.threadSize}`],
          connections: SETTINGS.connections,
          durationSeconds: SETTINGS.durationSeconds,
        }),
      ),
    servicePost: () => servicePost([api]),
    serviceGet: () =>
      guard(
        load({
          urls: [`${api}${commentsPath(THREAD)}?limit=${SETTINGS.threadSize}`],
          connections: SETTINGS.connections,
          durationSeconds: SETTINGS.durationSeconds,
        }),
      ),
  };
  for (const setUp of SET_UPS.filter((s) => s !== '1x')) {
    scenarios[`servicePost@${setUp}`] = async () => {
      const extra = await startExtra(setUp);
      try {
        return await servicePost(extra.apiUrls);
      } finally {
        await stopExtra(setUp, extra);
      }
    };
  }
  const runs: Record<string, LoadResult[]> = Object.fromEntries(
    Object.keys(scenarios).map((name) => [name, []]),
  );
  for (let roundNo = 1; roundNo <= (PIPELINE_ONLY ? 0 : SETTINGS.rounds); roundNo++) {
    // Interleaved, so a busy moment on the machine hurts every scenario alike.
    for (const [name, run] of Object.entries(scenarios)) {
      log(`round ${roundNo}/${SETTINGS.rounds}: ${name}`);
      const result = await run();
      if (failures(result) > 0)
        log(
          `WARNING: ${name}: answers ${JSON.stringify(result.statusCodes)}, ${result.errors} failed requests`,
        );
      runs[name]!.push(result);
    }
  }
  const throughput = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [name, summarize(list)]),
  );

  const pipeline: Partial<Record<SetUp, PipelineResult>> = {};
  for (const setUp of SETTINGS.pipeline ? SET_UPS : []) {
    const extra = await startExtra(setUp);
    try {
      log(
        `pipeline, ${setUp}: a backlog of ${SETTINGS.backlog} comments into the paused queue, then the drain`,
      );
      const drain = await measureDrain(children, probe, {
        apiUrls: extra.apiUrls,
        articleId: `bench-backlog-${setUp}`,
        backlog: SETTINGS.backlog,
        connections: SETTINGS.connections,
      });
      log(
        `pipeline, ${setUp}: ${drain.commentsPerSecond} comments/s decided and stored; now ${SETTINGS.steadyPerSecond} comments/s for ${SETTINGS.steadySeconds} s`,
      );
      const steady = await measureVisibility(children, probe, {
        apiUrls: extra.apiUrls,
        articleId: `bench-live-${setUp}`,
        perSecond: SETTINGS.steadyPerSecond,
        seconds: SETTINGS.steadySeconds,
        pollMs: SETTINGS.pollMs,
      });
      log(
        `pipeline, ${setUp}: ${steady.keptUp ? 'kept up' : `did NOT keep up (${steady.decidedPerSecond}/s)`}; visible in the thread after p50 ${steady.visibleMs.p50} ms, p99 ${steady.visibleMs.p99} ms`,
      );
      pipeline[setUp] = {
        apiProcesses: extra.apiUrls.length,
        workers: extra.workers,
        drain,
        steady,
      };
    } finally {
      await stopExtra(setUp, extra);
    }
  }

  // Every 202 of the run, from every API process, is a stored, decided comment: nothing pending.
  const accepted = (await probe.accepted([api])) + acceptedByStoppedApis;
  const totals = await probe.totals();
  const failedJobs = await probe.failedJobs();
  const accounting = {
    accepted,
    stored: totals.comments,
    undecided: totals.undecided,
    failedJobs,
    ok: accepted === totals.comments && totals.undecided === 0 && failedJobs === 0,
  };
  if (!accounting.ok) throw new Error(`accounting: ${JSON.stringify(accounting)}`);

  const result = {
    benchmark:
      'npm run bench: the service (npm start) against the ceiling and hello-world, the pipeline, scale-out',
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg().map((n) => round(n, 2)),
    },
    settings: {
      ...SETTINGS,
      statistic: `median of ${SETTINGS.rounds} interleaved rounds`,
      service: `npm start (scripts/start.ts) with the bench's Postgres and Redis; ${workersInNpmStart} BullMQ worker(s) in it; LOG_LEVEL=${SETTINGS.logLevel}, rate limit off`,
    },
    ceilingMatchesService: equivalence,
    ...(!PIPELINE_ONLY && { throughput }),
    ...(!PIPELINE_ONLY && { ratios: ratios(throughput) }),
    pipeline,
    ...(SETTINGS.scaleOut && !PIPELINE_ONLY && { scaleOut: scaleOut(throughput, pipeline) }),
    accounting,
    wallSeconds: Math.round((performance.now() - startedAt) / 1000),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/** The ceiling and hello-world servers, and how closely the ceiling answers like the service. */
async function startCeiling(
  articles: string[],
  dir: string,
  ceilingPort: number,
  barePort: number,
  rateLimit: string,
  api: string,
) {
  const ceiling = `http://127.0.0.1:${ceilingPort}`;
  const bare = `http://127.0.0.1:${barePort}`;
  log('starting the ceiling (same data, in memory) and the hello-world route');
  const thread = (await (await fetch(`${api}${commentsPath(THREAD)}?limit=100`)).json()) as {
    items: CeilingSeed['comments'];
  };
  const seed: CeilingSeed = {
    articles: articles.concat('paris-raqqa').map((id) => ({ id, commentsOpen: true })),
    comments: thread.items.map((c) => ({ ...c, articleId: THREAD })),
  };
  await writeFile(join(dir, 'ceiling-seed.json'), JSON.stringify(seed));
  await Promise.all([
    children.start(
      'ceiling',
      'bench/ceiling-server.ts',
      {
        PORT: String(ceilingPort),
        CEILING_SEED: join(dir, 'ceiling-seed.json'),
        RATE_LIMIT_PER_MINUTE: rateLimit,
      },
      answers(`${ceiling}${commentsPath(THREAD)}`),
    ),
    children.start(
      'hello-world',
      'bench/bare-server.ts',
      { PORT: String(barePort) },
      answers(`${bare}/bare`),
    ),
  ]);
  const equivalence = await compareCeilingWithService(api, ceiling, THREAD, POSTS);
  if (!equivalence.ok)
    log(
      `WARNING: the ceiling does not answer like the service; update bench/ceiling-server.ts:\n  ${equivalence.differences.join('\n  ')}`,
    );
  return equivalence;
}

/** The commit measured, with `+changes` when the work tree differs from it. */
function gitCommit(): string | null {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+changes' : ''}`;
  } catch {
    return null; // not a git checkout (an image, a tarball)
  }
}

let exitCode = 0;
try {
  await main();
  log('done');
} catch (error) {
  exitCode = 1;
  log(`FAILED: ${(error as Error).stack ?? String(error)}`);
} finally {
  await stopEverything();
}
process.exit(exitCode);
