import * as contracts from '@cm/contracts';
import { DomainError, RateLimited } from '@cm/contracts';
import { describe, expect, test } from 'vitest';
import { DOMAIN_PROBLEMS, toProblem } from './error-map.ts';

const domainErrorClasses = Object.entries(contracts).filter(
  ([, value]) => typeof value === 'function' && value.prototype instanceof DomainError,
);

describe('domain errors become problem+json in one place', () => {
  test('every domain error the use cases may throw has its problem, so none ever becomes a 500', () => {
    expect(domainErrorClasses.length).toBeGreaterThanOrEqual(8);
    const mapped = new Set(DOMAIN_PROBLEMS.map((rule) => rule.type));
    expect(
      domainErrorClasses.filter(([, type]) => !mapped.has(type as never)).map(([name]) => name),
    ).toEqual([]);
  });

  test('a rate limit is a 429 whose Retry-After and detail both give the wait', () => {
    expect(toProblem(new RateLimited(7))).toMatchObject({
      status: 429,
      slug: 'rate-limited',
      detail: 'Too many comments in a short time; try again in 7 seconds.',
      extras: { headers: { 'Retry-After': '7' }, retryAfterSeconds: 7 },
    });
  });
});
