import { spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { freePort } from './free-port.ts';

export interface RedisServer {
  url: string;
  /** The redis-server process, for tests that crash it on purpose. */
  pid: number;
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
 * Runs `redis-server` as a child process on a free loopback port. With a data directory it
 * persists with AOF (fsync every second), as BullMQ needs for "accepted means kept".
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (!redisServerInstalled()) throw new RedisNotInstalledError();
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'noeviction'];
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    await mkdir(dir, { recursive: true });
    args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir);
  } else {
    args.push('--appendonly', 'no');
  }
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => {});
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line.trim());
      if (output.includes('Ready to accept connections')) ready();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`)));
    child.once('error', fail);
  });
  // A crashed parent must not leave Redis behind: stop it with the parent.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
