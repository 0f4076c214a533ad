import { join } from 'node:path';
import { makeTempDirectory, startEmbeddedPostgres, startRedisServer } from '@cm/devstack';

export interface TestServices {
  /** Which kind of services the suite runs against, said once in the test output. */
  kind: string;
  /** URL of a database we may create other databases from. */
  postgresAdminUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * Real Postgres and Redis for the suite, in order of preference:
 * 1. TEST_DATABASE_URL + TEST_REDIS_URL (servers you run yourself);
 * 2. testcontainers, when a Docker engine answers;
 * 3. embedded Postgres (npm package) and a `redis-server` child process.
 */
export async function startTestServices(): Promise<TestServices> {
  const { TEST_DATABASE_URL, TEST_REDIS_URL } = process.env;
  if (TEST_DATABASE_URL && TEST_REDIS_URL) {
    return {
      kind: 'external (TEST_DATABASE_URL, TEST_REDIS_URL)',
      postgresAdminUrl: TEST_DATABASE_URL,
      redisUrl: TEST_REDIS_URL,
      stop: async () => {},
    };
  }
  if (await dockerAnswers()) return startContainers();
  const dir = await makeTempDirectory('cm-test-');
  const [postgres, redis] = await Promise.all([
    startEmbeddedPostgres({ dataDir: join(dir, 'pg'), ephemeral: true }),
    startRedisServer(),
  ]);
  return {
    kind: 'local (embedded Postgres 18, redis-server child; no Docker engine answered)',
    postgresAdminUrl: postgres.adminUrl,
    redisUrl: redis.url,
    stop: async () => {
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}

async function dockerAnswers(): Promise<boolean> {
  if (process.env.TESTCONTAINERS_DISABLED === 'true') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<TestServices> {
  const [{ PostgreSqlContainer }, { RedisContainer }] = await Promise.all([
    import('@testcontainers/postgresql'),
    import('@testcontainers/redis'),
  ]);
  const [postgres, redis] = await Promise.all([
    new PostgreSqlContainer('postgres:17-alpine')
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'max_connections=300'])
      .start(),
    new RedisContainer('redis:7-alpine').start(),
  ]);
  return {
    kind: 'testcontainers (postgres:17-alpine, redis:7-alpine)',
    postgresAdminUrl: postgres.getConnectionUri(),
    redisUrl: redis.getConnectionUrl(),
    stop: async () => {
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}
