import { describe, expect, test } from 'vitest';
import { parsePolicy, policySchema, POLICY_VERSION } from './index.ts';

describe('policy', () => {
  test('an empty object is a complete policy with safe defaults', () => {
    const policy = policySchema.parse({});
    expect(policy).toMatchObject({
      version: POLICY_VERSION,
      bannedWords: [],
      suspectWords: [],
      limits: { maxLength: 5000, minLength: 1 },
      links: { maxLinks: 2, holdFromNewAuthors: true },
      reports: { holdThreshold: 3, rejectThreshold: null },
    });
  });

  test('banned and suspect words alone are a valid policy; terms may be strings or objects', () => {
    const policy = parsePolicy({
      bannedWords: ['كلب', { term: 'حمار', suffixes: true, arabizi: ['7mar'] }],
      suspectWords: ['غبي'],
    });
    expect(policy.bannedWords).toEqual([
      'كلب',
      { term: 'حمار', suffixes: true, arabizi: ['7mar'] },
    ]);
    expect(policy.matching.clitics).toBe(true);
  });

  test('an invalid policy is refused with a message naming each bad field', () => {
    let message = '';
    try {
      parsePolicy({
        bannedWords: ['ok', 3],
        limits: { maxLength: -1 },
        links: { denyDomains: ['not a domain'] },
        colour: 'red',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Unrecognized key: "colour"');
    expect(message).toMatch(/a term is a string.*\n.*at bannedWords\[1\]/);
    expect(message).toMatch(/expected number to be >=1\n.*at limits\.maxLength/);
    expect(message).toMatch(/a domain looks like "example\.com".*\n.*at links\.denyDomains\[0\]/);
  });
});
