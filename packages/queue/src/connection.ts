import { Cluster, Redis, type ClusterNode } from 'ioredis';

/**
 * A connection to one Redis or to a Redis Cluster: every store and queue takes either. Both
 * speak the same commands; only `duplicate` differs (use `duplicateRedis`).
 */
export type RedisClient = Redis | Cluster;

/**
 * `redis+cluster://[user:password@]host:port,host:port,…` (TLS: `rediss+cluster://`): a Redis
 * Cluster, found from any of the listed nodes. Any other URL is one Redis server.
 */
const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#@]+)\/?$/;

/** True when the URL names a Redis Cluster (`redis+cluster://…`). */
export const isClusterUrl = (url: string): boolean => CLUSTER_URL.test(url);

/** The seed nodes and credentials of a `redis+cluster://` URL. */
export function parseClusterUrl(url: string): {
  nodes: ClusterNode[];
  username?: string;
  password?: string;
  tls: boolean;
} {
  const match = CLUSTER_URL.exec(url);
  if (!match) throw new Error('not a redis+cluster:// URL');
  const [, scheme, userInfo, hosts] = match;
  const nodes = hosts!.split(',').map((address) => {
    const colon = address.lastIndexOf(':');
    const host = colon > 0 ? address.slice(0, colon) : address;
    const port = colon > 0 ? Number(address.slice(colon + 1)) : 6379;
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`bad Redis Cluster node "${address}"`);
    return { host, port };
  });
  const [user, password] = userInfo === undefined ? [] : userInfo.split(/:(.*)/s);
  return {
    nodes,
    ...(user && { username: decodeURIComponent(user) }),
    ...(password && { password: decodeURIComponent(password) }),
    tls: scheme === 'rediss',
  };
}

/**
 * One factory for every Redis connection. Blocking consumers (BullMQ workers) must retry
 * forever (`maxRetriesPerRequest: null`); request handlers must fail fast instead, so a Redis
 * outage turns into a prompt 503 rather than a hung request. A `redis+cluster://` URL gives an
 * ioredis `Cluster` with the same behaviour (see `keyPrefixFor` for the keys it needs).
 */
export function createRedis(url: string, role: 'worker' | 'client'): RedisClient {
  const common = {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    connectTimeout: 5_000,
  };
  if (isClusterUrl(url)) {
    const { nodes, tls, ...credentials } = parseClusterUrl(url);
    return new Cluster(nodes, {
      // Fail fast at the cluster level; each node's own connection queues while it (re)connects,
      // which a cluster needs while it follows a MOVED or a failover.
      enableOfflineQueue: role === 'worker',
      lazyConnect: false,
      redisOptions: { ...common, ...credentials, ...(tls && { tls: {} }) },
    });
  }
  return new Redis(url, { ...common, enableOfflineQueue: role === 'worker', lazyConnect: false });
}

/**
 * A new connection like `redis` for blocking commands (XREAD BLOCK) or a subscriber: those
 * hold their connection, so they never share the client's. It retries forever, like a worker's.
 */
export function duplicateRedis(redis: RedisClient): RedisClient {
  if (redis instanceof Cluster)
    return redis.duplicate([], {
      enableOfflineQueue: true,
      redisOptions: { ...redis.options.redisOptions, maxRetriesPerRequest: null },
    });
  return redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
}

/**
 * The key prefix to use with this Redis. On a Cluster every key of ours must share one hash
 * slot — BullMQ's scripts and ours touch several keys at once — so a prefix without a hash tag
 * is wrapped in braces (`cm` → `{cm}`). On one Redis the prefix is used as it is, so existing
 * keys (and queued jobs) stay where they are.
 */
export function keyPrefixFor(redisUrl: string, prefix: string): string {
  if (!isClusterUrl(redisUrl) || hasHashTag(prefix)) return prefix;
  return `{${prefix}}`;
}

/** Redis's own rule: the text between the first `{` and the next `}`, when not empty. */
function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  return open >= 0 && prefix.indexOf('}', open + 1) > open + 1;
}

/** Resolves once the connection is ready (or rejects after `timeoutMs`). */
export async function waitForRedis(redis: RedisClient, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
