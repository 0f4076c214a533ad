import { expect, test } from 'vitest';
import { compareStreamIds } from './live-events.ts';

test('stream ids compare by time, then sequence — not as strings, where "9-0" would follow "10-0"', () => {
  expect(compareStreamIds('9-0', '10-0')).toBe(-1);
  expect(compareStreamIds('10-0', '9-0')).toBe(1);
  expect(compareStreamIds('1764691200123-2', '1764691200123-10')).toBe(-1);
  expect(compareStreamIds('1764691200123-7', '1764691200123-7')).toBe(0);
  // Beyond 2^53: ids are compared exactly.
  expect(compareStreamIds('18446744073709551615-0', '18446744073709551614-9')).toBe(1);
});
