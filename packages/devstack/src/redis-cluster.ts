import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { startGuardedProcess, type GuardedProcess } from './guarded-process.ts';
import { RedisNotInstalledError, redisServerInstalled } from './redis-server.ts';
import { makeTempDirectory } from './temp-directory.ts';

export interface RedisClusterServer {
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,…`: what REDIS_URL takes for a cluster. */
  url: string;
  /** The masters' ports, in the order they were started. */
  ports: number[];
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** How many masters (at least 3, as `redis-cli --cluster create` demands); default 3. */
  masters?: number;
  /** How long to wait for every node to say `cluster_state:ok`; default 20 s. */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * A throwaway Redis Cluster for tests: `masters` memory-only `redis-server --cluster-enabled yes`
 * on free loopback ports (each behind the same process guard as `startRedisServer`, each with a
 * directory of its own for `nodes.conf`), joined with `redis-cli --cluster create` without
 * replicas. Resolves once every node reports `cluster_state:ok`; `stop` stops them all and
 * removes the directories.
 */
export async function startRedisCluster(
  options: RedisClusterOptions = {},
): Promise<RedisClusterServer> {
  if (!redisServerInstalled()) throw new RedisNotInstalledError();
  const masters = options.masters ?? 3;
  if (masters < 3) throw new Error('a Redis Cluster needs at least 3 masters');
  const root = await makeTempDirectory('cm-redis-cluster-');
  const nodes: GuardedProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < masters; i += 1) {
      const port = await freePort();
      ports.push(port);
      nodes.push(
        await startGuardedProcess({
          command: 'redis-server',
          args: [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--dir',
            await makeNodeDirectory(root, port),
            '--save',
            '',
            '--appendonly',
            'no',
            '--maxmemory-policy',
            'noeviction',
          ],
          stopSignal: 'SIGTERM',
          readyWhen: 'Ready to accept connections',
          log: options.log,
        }),
      );
    }
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await redisCli([
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitUntilClusterOk(ports, options.readyTimeoutMs ?? 20_000);
    return { url: `redis+cluster://${addresses.join(',')}`, ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function makeNodeDirectory(root: string, port: number): Promise<string> {
  const dir = join(root, String(port));
  await mkdir(dir);
  return dir;
}

/** Polls `cluster info` on every node until all say `cluster_state:ok` (slots agreed everywhere). */
async function waitUntilClusterOk(ports: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(
      ports.map((port) =>
        redisCli(['-p', String(port), 'cluster', 'info']).catch(() => 'unreachable'),
      ),
    );
    if (states.every((info) => info.includes('cluster_state:ok'))) return;
    if (Date.now() > deadline)
      throw new Error(`the Redis Cluster was not ok within ${timeoutMs} ms: ${states.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `redis-cli` against loopback; resolves with its output, rejects when it fails. */
function redisCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-h', '127.0.0.1', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`redis-cli ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}
