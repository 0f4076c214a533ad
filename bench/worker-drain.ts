/**
 * `node --import tsx bench/worker-drain.ts`: the worker alone, without the API. `N` comment jobs
 * (bench comments) are added to a paused queue, then one worker in this process drains them.
 * Prints the rate and, what a shared, noisy machine cannot blur, the CPU time per comment of
 * this process (the worker), of Postgres (postmaster and backends) and of redis-server, read
 * from /proc (Linux). Settings: `N` (3,000) and any worker variable (`WORKER_CONCURRENCY`…);
 * `PROFILE=file.cpuprofile` writes a CPU profile of the drain (open it in Chrome DevTools).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { makeTempDirectory, startEmbeddedPostgres, startRedisServer } from '@cm/devstack';
import {
  applyMigrations,
  ArticleRepository,
  createDatabase,
  ensureDatabase,
  ensureSeedArticle,
} from '@cm/db';
import { createCommentQueue, createRedis, MODERATE_JOB } from '@cm/queue';
import { loadWorkerConfig, startWorker } from '@cm/worker';
import { pino } from 'pino';
import { approvableComment } from './support/comments.ts';
import { round } from './support/stats.ts';

const N = Number(process.env.N ?? 3_000);
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of the processes `pick` chooses, from /proc. */
function cpuSeconds(pick: (pid: number, parent: number, command: string) => boolean): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (pick(Number(pid), Number(fields[1]), command))
        total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

const dir = await makeTempDirectory('cm-worker-drain-');
const [postgres, redisServer] = await Promise.all([
  startEmbeddedPostgres({ dataDir: join(dir, 'pg') }),
  startRedisServer({ dataDir: join(dir, 'redis') }),
]);
const databaseUrl = postgres.urlFor('drain');
await ensureDatabase(databaseUrl);
await applyMigrations(databaseUrl);
const db = createDatabase(databaseUrl, { poolSize: 2 });
await ensureSeedArticle(new ArticleRepository(db));
const redis = createRedis(redisServer.url, 'client');
const queue = createCommentQueue(redis, '{cm}');
await queue.pause();
for (let added = 0; added < N; added += 500) {
  await queue.addBulk(
    Array.from({ length: Math.min(500, N - added) }, () => {
      const comment = approvableComment();
      const commentId = randomUUID();
      const data = {
        commentId,
        articleId: 'paris-raqqa',
        parentId: null,
        body: comment.body,
        author: { name: comment.author.name, email: null },
        authorKey: `bench:${comment.author.name}`,
        receivedAt: new Date().toISOString(),
      };
      return { name: MODERATE_JOB, data, opts: { jobId: commentId } };
    }),
  );
}
const config = loadWorkerConfig({
  LOG_LEVEL: 'warn',
  TRAINING_SCHEDULE: '0',
  ...process.env,
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisServer.url,
  QUEUE_PREFIX: '{cm}',
});
const worker = await startWorker(config, pino({ level: config.LOG_LEVEL }));

const postmaster = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const redisPort = `:${new URL(redisServer.url).port}`;
const others = () => ({
  postgres: cpuSeconds((pid, parent) => pid === postmaster || parent === postmaster),
  redis: cpuSeconds(
    (_pid, _parent, command) => command.includes('redis-server') && command.includes(redisPort),
  ),
});
const session = new Session();
if (process.env.PROFILE) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const othersBefore = others();
const cpuBefore = process.cpuUsage();
const start = performance.now();
await queue.resume();
while ((await queue.getCompletedCount()) < N) await new Promise((r) => setTimeout(r, 50));
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const othersAfter = others();
if (process.env.PROFILE) {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(process.env.PROFILE, JSON.stringify(profile));
}
const perComment = (cpuSecondsUsed: number) => round((cpuSecondsUsed * 1000) / N, 3);
const stored = await db.comment.count();
process.stdout.write(
  `${JSON.stringify(
    {
      comments: N,
      stored,
      seconds: round(seconds, 2),
      commentsPerSecond: round(N / seconds),
      cpuMsPerComment: {
        worker: perComment((cpu.user + cpu.system) / 1e6),
        postgres: perComment(othersAfter.postgres - othersBefore.postgres),
        redis: perComment(othersAfter.redis - othersBefore.redis),
      },
      workerConcurrency: config.WORKER_CONCURRENCY,
    },
    null,
    2,
  )}\n`,
);
await worker.stop();
await queue.close();
redis.disconnect();
await db.$disconnect();
await Promise.all([postgres.stop(), redisServer.stop()]);
process.exit(stored === N ? 0 : 1);
