import { ConfigError } from '@cm/contracts';
import { describe, expect, test } from 'vitest';
import { corsOrigins, loadApiConfig, rateLimitBudgets } from './config.ts';

const base = {
  DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
  ADMIN_TOKEN: 'a'.repeat(20),
};

describe('configuration is checked once, at start-up, and errors name the variable', () => {
  test('only the required variables give a working configuration with documented defaults', () => {
    const config = loadApiConfig(base);
    expect(config).toMatchObject({
      PORT: 3000,
      RATE_LIMIT_PER_MINUTE: 10,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      QUEUE_PREFIX: '{cm}',
      TRUST_PROXY: 'false',
      LOG_LEVEL: 'info',
      DATABASE_POOL_SIZE: 10,
      IDEMPOTENCY_TTL_SECONDS: 86_400,
      THREAD_CACHE_TTL_SECONDS: 300,
      THREAD_LOCAL_CACHE_SECONDS: 10,
      THREAD_LOCAL_CACHE_PAGES: 2000,
      JOB_ATTEMPTS: 25,
      JSON_BODY_LIMIT: '64kb',
      CORS_ORIGINS: '*',
    });
    expect(rateLimitBudgets(config)).toEqual({ perAuthor: 10, perIp: 10, windowSeconds: 60 });
    expect(corsOrigins(config.CORS_ORIGINS)).toBe('*');
  });

  test('per-author and per-IP budgets are separate; RATE_LIMIT_PER_MINUTE still sets whichever is unset', () => {
    expect(
      rateLimitBudgets(
        loadApiConfig({ ...base, RATE_LIMIT_PER_AUTHOR: '3', RATE_LIMIT_PER_IP: '50' }),
      ),
    ).toEqual({ perAuthor: 3, perIp: 50, windowSeconds: 60 });
    expect(
      rateLimitBudgets(
        loadApiConfig({ ...base, RATE_LIMIT_PER_MINUTE: '7', RATE_LIMIT_PER_IP: '40' }),
      ),
    ).toEqual({ perAuthor: 7, perIp: 40, windowSeconds: 60 });
  });

  test('a Redis Cluster is named by redis+cluster:// and its nodes; a cluster URL without nodes names the variable', () => {
    const url = 'redis+cluster://:secret@10.0.0.1:7000,10.0.0.2:7001';
    expect(loadApiConfig({ ...base, REDIS_URL: url }).REDIS_URL).toBe(url);
    expect(() => loadApiConfig({ ...base, REDIS_URL: 'redis+cluster://' })).toThrow(
      /REDIS_URL="redis\+cluster:\/\/": must be a redis:\/\/ or rediss:\/\/ URL, or redis\+cluster/,
    );
  });

  test('CORS origins are * or a list of origins; anything else names the variable', () => {
    expect(
      corsOrigins(
        loadApiConfig({ ...base, CORS_ORIGINS: 'https://news.example, http://localhost:8080' })
          .CORS_ORIGINS,
      ),
    ).toEqual(['https://news.example', 'http://localhost:8080']);
    expect(() => loadApiConfig({ ...base, CORS_ORIGINS: 'news.example' })).toThrow(
      /CORS_ORIGINS="news.example": must be \* or a comma-separated list/,
    );
    expect(() => loadApiConfig({ ...base, JSON_BODY_LIMIT: 'lots' })).toThrow(
      /JSON_BODY_LIMIT="lots"/,
    );
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
    expect(() => loadApiConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL="mysql:\/\/x": must be a postgresql:\/\/ URL/,
    );
  });

  test('an empty value counts as unset, so the default applies', () => {
    expect(loadApiConfig({ ...base, PORT: '' }).PORT).toBe(3000);
  });

  test('sign-in settings: a short secret or a non-URL key set is refused, and requiring sign-in needs a way to check tokens', () => {
    expect(() => loadApiConfig({ ...base, SSO_JWT_SECRET: 'short' })).toThrow(/SSO_JWT_SECRET/);
    expect(() => loadApiConfig({ ...base, SSO_JWKS_URL: 'keys.json' })).toThrow(/SSO_JWKS_URL/);
    expect(() => loadApiConfig({ ...base, COMMENTS_REQUIRE_SSO: 'true' })).toThrow(ConfigError);
    expect(() => loadApiConfig({ ...base, COMMENTS_REQUIRE_SSO: 'true' })).toThrow(
      /COMMENTS_REQUIRE_SSO/,
    );
    expect(
      loadApiConfig({
        ...base,
        COMMENTS_REQUIRE_SSO: 'true',
        SSO_JWKS_URL: 'https://news.example/.well-known/jwks.json',
      }).COMMENTS_REQUIRE_SSO,
    ).toBe(true);
    expect(loadApiConfig(base).COMMENTS_REQUIRE_SSO).toBe(false);
  });
});
