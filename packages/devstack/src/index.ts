export { freePort } from './free-port.ts';
export { startEmbeddedPostgres, type PostgresServer, type EmbeddedPostgresOptions } from './embedded-postgres.ts';
export {
  startRedisServer,
  redisServerInstalled,
  RedisNotInstalledError,
  type RedisServer,
  type RedisServerOptions,
} from './redis-server.ts';
