export { freePort } from './free-port.ts';
export { makeTempDirectory } from './temp-directory.ts';
export {
  startGuardedProcess,
  type GuardedProcess,
  type GuardedProcessOptions,
} from './guarded-process.ts';
export {
  startEmbeddedPostgres,
  PostgresUserCannotReachError,
  type PostgresServer,
  type EmbeddedPostgresOptions,
} from './embedded-postgres.ts';
export {
  startRedisServer,
  redisServerInstalled,
  RedisNotInstalledError,
  type RedisServer,
  type RedisServerOptions,
} from './redis-server.ts';
export {
  startRedisCluster,
  type RedisClusterServer,
  type RedisClusterOptions,
} from './redis-cluster.ts';
