import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import { cp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { freePort, makeTempDirectory } from '@cm/devstack';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { withDatabase } from '../support/global-setup.ts';
import { call, eventually, uniquePrefix } from '../support/stack.ts';

// Production runs what `npm run build` writes to dist/ with plain node (no tsx), exactly as the
// Dockerfile and docker-compose.yml run it: migrate once, then the API and a worker. No Docker
// engine here, so the test lays out the image's runtime stage itself, from the Dockerfile's own
// COPY lines: a file the code reads at run time and the image lacks fails here.
const ROOT = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];
let env: NodeJS.ProcessEnv;
let image: string;

/** The Dockerfile's runtime stage without Docker: its COPY lines, then our installed node_modules. */
async function layOutRuntimeStage(): Promise<string> {
  const app = await makeTempDirectory('cm-runtime-stage-');
  const dockerfile = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
  const stage = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime$/m));
  const copies = [...stage.matchAll(/^COPY (--from=build )?(.+) (\S+)$/gm)];
  expect(copies.length).toBeGreaterThan(5);
  for (const [, fromBuild, sources, target] of copies) {
    for (const source of sources!.split(' ')) {
      const path = fromBuild ? source.replace(/^\/app\//, '') : source;
      const destination = target!.endsWith('/')
        ? join(app, target!, basename(path))
        : join(app, target!);
      // verbatimSymlinks: a relative link must point where it points in the image, not back here.
      await cp(join(ROOT, path), destination, { recursive: true, verbatimSymlinks: true });
    }
  }
  // `npm ci --omit=dev` in the image lays node_modules out as here (same lockfile).
  const workspaces = (
    await Promise.all(
      ['packages', 'services'].map(async (dir) =>
        (await readdir(join(app, dir))).map((name) => join(dir, name)),
      ),
    )
  ).flat();
  for (const dir of ['.', ...workspaces]) {
    if (await stat(join(ROOT, dir, 'node_modules')).catch(() => null))
      await symlink(join(ROOT, dir, 'node_modules'), join(app, dir, 'node_modules'));
  }
  return app;
}

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  image = await layOutRuntimeStage();
  const name = `cm_built_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  env = {
    PATH: process.env.PATH,
    DATABASE_URL: withDatabase(inject('postgresAdminUrl'), name),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: uniquePrefix(),
    ADMIN_TOKEN: `built-admin-${randomBytes(12).toString('hex')}`,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (image) await rm(image, { recursive: true, force: true });
});

function run(script: string, extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
  // No --import tsx: if anything in the bundle still needed TypeScript, node would fail here.
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    cwd: image,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

test('the built migrate, API and worker run with plain node, take a comment from POST to the published thread, and train the scorer', async () => {
  const [migrated] = await once(run('dist/migrate.js'), 'exit');
  expect(migrated).toBe(0);

  const port = await freePort();
  const api = run('dist/api.js', { PORT: String(port) });
  const worker = run('dist/worker.js');
  const baseUrl = `http://127.0.0.1:${port}`;
  await eventually(
    async () => ((await fetch(`${baseUrl}/readyz`).catch(() => null))?.ok ? true : undefined),
    30_000,
    'the built API to be ready',
  );

  const posted = await call(baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body: 'مقال مهم، شكراً', author: { name: 'سارة' } },
  });
  expect(posted.status).toBe(202);
  await eventually(
    async () => {
      const thread = await call(baseUrl, 'GET', '/api/v1/articles/paris-raqqa/comments');
      return thread.body.items?.some((c: { id: string }) => c.id === posted.body.id)
        ? true
        : undefined;
    },
    30_000,
    'the comment to be published by the built worker',
  );

  // Files read at run time resolve from the bundles: the seed article, the page, its assets.
  const page = await fetch(`${baseUrl}/articles/paris-raqqa`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('الرقة');
  expect((await fetch(`${baseUrl}/static/widget.js`)).status).toBe(200);
  expect((await call(baseUrl, 'GET', '/api/v1/openapi.json')).body).toMatchObject({
    openapi: expect.stringMatching(/^3\./),
  });

  // The scorer trains in the worker's training thread, its own bundle (dist/learn-thread.js).
  const training = await call(baseUrl, 'POST', '/api/v1/admin/models/train', {
    token: env.ADMIN_TOKEN,
  });
  expect(training.status).toBe(202);
  const trained = await eventually(
    async () => {
      const state = await call(
        baseUrl,
        'GET',
        `/api/v1/admin/models/training/${training.body.jobId}`,
        {
          token: env.ADMIN_TOKEN,
        },
      );
      return ['completed', 'failed'].includes(state.body.state) ? state.body : undefined;
    },
    120_000,
    'the built worker to finish a training run',
    200,
  );
  expect(trained).toMatchObject({ state: 'completed', error: null });

  api.kill('SIGTERM');
  worker.kill('SIGTERM');
  const [[apiCode], [workerCode]] = await Promise.all([once(api, 'exit'), once(worker, 'exit')]);
  expect({ apiCode, workerCode }).toEqual({ apiCode: 0, workerCode: 0 });
});
