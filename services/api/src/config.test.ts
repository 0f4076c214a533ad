import { ConfigError } from '@cm/contracts';
import { describe, expect, test } from 'vitest';
import { loadWorkerConfig } from '@cm/worker';
import { loadApiConfig } from './config.ts';

const base = { DATABASE_URL: 'postgresql://u:p@localhost:5432/db', REDIS_URL: 'redis://localhost:6379', ADMIN_TOKEN: 'a'.repeat(20) };

describe('configuration is checked once, at start-up, and errors name the variable', () => {
  test('only the required variables give a working configuration with documented defaults', () => {
    expect(loadApiConfig(base)).toMatchObject({ PORT: 3000, RATE_LIMIT_PER_MINUTE: 10, QUEUE_PREFIX: '{cm}', TRUST_PROXY: 'false', LOG_LEVEL: 'info' });
    expect(loadWorkerConfig(base)).toMatchObject({ WORKER_CONCURRENCY: 4, WORKER_LOCK_DURATION_MS: 30_000 });
  });

  test('a bad port, a bad rate limit and a short admin token are each reported by name, with the value given', () => {
    let error: unknown;
    try {
      loadApiConfig({ ...base, PORT: 'abc', RATE_LIMIT_PER_MINUTE: '-1', ADMIN_TOKEN: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="abc"');
    expect(message).toContain('RATE_LIMIT_PER_MINUTE="-1"');
    expect(message).toContain('ADMIN_TOKEN="short": must be at least 16 characters');
  });

  test('a missing DATABASE_URL is reported as required, and a mysql URL as the wrong kind', () => {
    const { DATABASE_URL: _omit, ...withoutDb } = base;
    expect(() => loadApiConfig(withoutDb)).toThrow(/DATABASE_URL: /);
    expect(() => loadApiConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL="mysql:\/\/x": must be a postgresql:\/\/ URL/);
  });

  test('an empty value counts as unset, so the default applies', () => {
    expect(loadApiConfig({ ...base, PORT: '' }).PORT).toBe(3000);
  });
});
