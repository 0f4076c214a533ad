import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort, makeTempDirectory } from '@cm/devstack';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { call, eventually } from '../support/stack.ts';

// `npm start` exactly as a terminal runs it: its own process group (a shell's foreground job),
// Ctrl+C delivered to that whole group. Each test uses a throwaway DATA_DIR and its own ports.
const ROOT = new URL('../..', import.meta.url).pathname;
let dataDir: string;
let current: ChildProcess | undefined;

beforeAll(async () => {
  dataDir = join(await makeTempDirectory('cm-npm-start-'), 'data');
});
afterEach(async () => {
  // A failed test must not leave its npm start (its own process group) running into the next one.
  if (!current || current.exitCode !== null || current.signalCode !== null) return;
  const children = descendants(current.pid!);
  process.kill(-current.pid!, 'SIGKILL');
  await eventually(
    async () => (children.some((c) => alive(c.pid)) ? undefined : true),
    20_000,
    'the children of a failed test to exit',
  );
});
// Starting takes a few seconds alone, much more on a busy two-core machine (initdb, tsx).
const STARTUP_MS = 120_000;

interface NpmStart {
  child: ChildProcess;
  /** Every line it printed (stdout and stderr, its children's included). */
  lines: string[];
  url: string;
  exited: Promise<number | null>;
}

async function startNpmStart(): Promise<NpmStart> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    EMBEDDED_REDIS_PORT: String(await freePort()),
    WORKER_METRICS_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'ADMIN_TOKEN', 'NODE_ENV']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  current = child;
  const lines: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
    });
  }
  const apiLine = await eventually(
    async () => {
      if (child.exitCode !== null)
        throw new Error(`npm start exited with ${child.exitCode}:\n${lines.join('\n')}`);
      return lines.find((line) => line.trim().startsWith('API ') && line.includes('http'));
    },
    STARTUP_MS,
    'npm start to print its banner',
    100,
  );
  return {
    child,
    lines,
    exited,
    url: apiLine
      .trim()
      .split(/\s+/)[1]!
      .replace(/\/api\/v1$/, ''),
  };
}

/** Every process started under `pid` (children, grandchildren...), with its command line. */
function descendants(pid: number): { pid: number; command: string }[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, childPid, parentPid, command] = line.match(/^\s*(\d+)\s+(\d+)\s+(.*)$/)!;
      return { pid: Number(childPid), ppid: Number(parentPid), command: command! };
    });
  const found: { pid: number; command: string }[] = [];
  const visit = (parent: number) => {
    for (const entry of table.filter((e) => e.ppid === parent)) {
      found.push({ pid: entry.pid, command: entry.command });
      visit(entry.pid);
    }
  };
  visit(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function postAndSeeDecided(url: string): Promise<void> {
  const posted = await call(url, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    // A new reader each time: the same words again from the same reader would be held as a repeat.
    json: { body: 'مقال مهم، شكراً', author: { name: `سارة ${randomUUID().slice(0, 8)}` } },
  });
  expect(posted.status).toBe(202);
  const status = await eventually(async () => {
    const r = await call(url, 'GET', `/api/v1/comments/${posted.body.id}/status`);
    return r.body.status === 'pending' ? undefined : r.body.status;
  });
  expect(status).toBe('approved');
}

test(
  'when a newcomer presses Ctrl+C, npm start drains HTTP, closes the worker, stops Redis and Postgres, and exits 0 within 10 s',
  async () => {
    const { child, lines, url, exited } = await startNpmStart();
    await postAndSeeDecided(url);
    const children = descendants(child.pid!);
    // The API and the worker are processes of their own, next to Postgres and redis-server.
    for (const part of [
      'services/api/src/main.ts',
      'services/worker/src/main.ts',
      'redis-server',
      'bin/postgres',
    ]) {
      expect(
        children.some((c) => c.command.includes(part)),
        part,
      ).toBe(true);
    }
    const linesBefore = lines.length;

    const pressed = Date.now();
    process.kill(-child.pid!, 'SIGINT'); // what the terminal does: the whole foreground group
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000)),
    ]);
    const stoppedMs = Date.now() - pressed;

    expect(code, lines.join('\n')).toBe(0);
    expect(stoppedMs).toBeLessThan(10_000);
    const stopLines = lines.slice(linesBefore);
    expect(stopLines.length, stopLines.join('\n')).toBeLessThan(15);
    expect(lines.join('\n')).not.toMatch(/ECONNREFUSED|"level":(40|50|60)/);
    // In order: HTTP, then the worker, then the databases.
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('"api stopped"')).toBeGreaterThan(-1);
    expect(at('"api stopped"')).toBeLessThan(at('"worker stopped"'));
    expect(at('"worker stopped"')).toBeLessThan(at('"msg":"stopped"'));
    expect(children.filter((c) => alive(c.pid))).toEqual([]);
  },
  STARTUP_MS + 30_000,
);

test(
  'when npm start is killed with SIGKILL, its API, worker, Redis and Postgres go away too',
  async () => {
    const { child } = await startNpmStart();
    const children = descendants(child.pid!);
    expect(children.length).toBeGreaterThanOrEqual(6); // API, worker, Postgres and Redis with their guards

    process.kill(child.pid!, 'SIGKILL'); // nothing of npm start runs after this
    await eventually(
      async () => (children.some((c) => alive(c.pid)) ? undefined : true),
      10_000,
      'every child to exit',
    );
  },
  STARTUP_MS + 30_000,
);

test(
  'when the worker dies unexpectedly, npm start says so, stops the rest and exits 1',
  async () => {
    const { child, lines, exited } = await startNpmStart();
    const children = descendants(child.pid!);
    const worker = children.find((c) => c.command.includes('services/worker/src/main.ts'))!;

    process.kill(worker.pid, 'SIGKILL');
    expect(await exited).toBe(1);
    expect(lines.join('\n')).toContain('the worker exited unexpectedly; stopping the rest');
    expect(children.filter((c) => alive(c.pid))).toEqual([]);
  },
  STARTUP_MS + 30_000,
);
