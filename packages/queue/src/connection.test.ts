import { expect, test } from 'vitest';
import { isClusterUrl, keyPrefixFor, parseClusterUrl } from './connection.ts';

test('a redis+cluster:// URL names the seed nodes and credentials of a Redis Cluster', () => {
  expect(isClusterUrl('redis://127.0.0.1:6379')).toBe(false);
  expect(parseClusterUrl('redis+cluster://10.0.0.1:7000,10.0.0.2:7001,redis-3')).toEqual({
    nodes: [
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: 'redis-3', port: 6379 },
    ],
    tls: false,
  });
  expect(parseClusterUrl('rediss+cluster://app:p%40ss:word@cache:6380')).toEqual({
    nodes: [{ host: 'cache', port: 6380 }],
    username: 'app',
    password: 'p@ss:word',
    tls: true,
  });
  expect(() => parseClusterUrl('redis+cluster://cache:0')).toThrow('bad Redis Cluster node');
});

test('on a cluster a prefix without a hash tag is wrapped in braces; on one Redis existing keys stay where they are', () => {
  const cluster = 'redis+cluster://127.0.0.1:7000';
  expect(keyPrefixFor(cluster, 'cm')).toBe('{cm}');
  expect(keyPrefixFor(cluster, '{cm}')).toBe('{cm}');
  expect(keyPrefixFor(cluster, 'site:{cm}')).toBe('site:{cm}');
  // `{}` is no hash tag: Redis would hash the whole key.
  expect(keyPrefixFor(cluster, 'cm{}')).toBe('{cm{}}');
  expect(keyPrefixFor('redis://127.0.0.1:6379', 'cm')).toBe('cm');
});
