import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { freePort } from './free-port.ts';
import { startGuardedProcess } from './guarded-process.ts';

export interface RedisServer {
  url: string;
  /** The redis-server process, for tests that crash it on purpose. */
  pid: number;
  /** Resolves once redis-server has exited, whether asked to or not. */
  exited: Promise<unknown>;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** Where AOF files live. Omit for a throwaway, memory-only server (tests). */
  dataDir?: string;
  port?: number;
  log?: (line: string) => void;
}

export class RedisNotInstalledError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`, ' +
        'macOS: `brew install redis`) or set REDIS_URL to a running Redis (>= 6.2).',
    );
    this.name = 'RedisNotInstalledError';
  }
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `redis-server` on a free loopback port, in its own process group and stopped with this
 * process however it ends (see `startGuardedProcess`). With a data directory it persists with
 * AOF (fsync every second), as BullMQ needs for "accepted means kept".
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!redisServerInstalled()) throw new RedisNotInstalledError();
  const port = options.port ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    await mkdir(dir, { recursive: true });
    args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir);
  } else {
    args.push('--appendonly', 'no');
  }
  const server = await startGuardedProcess({
    command: 'redis-server',
    args,
    stopSignal: 'SIGTERM', // redis-server flushes the AOF and exits
    readyWhen: 'Ready to accept connections',
    log: options.log,
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: server.pid,
    exited: server.exited,
    stop: server.stop,
  };
}
