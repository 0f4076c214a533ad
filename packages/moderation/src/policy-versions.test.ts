import { describe, expect, test } from 'vitest';
import { parsePolicy } from './policy.ts';
import { diffPolicies, storedPolicy } from './policy-versions.ts';

describe('comparing two policy versions', () => {
  test('a moderator sees which terms were added and removed per list, and which settings changed', () => {
    const before = storedPolicy(
      parsePolicy({
        version: 3,
        bannedWords: ['حمار', 'idiot', { term: 'كلب', suffixes: true }],
        suspectWords: ['كذاب'],
      }),
    );
    const after = storedPolicy(
      parsePolicy({
        bannedWords: ['idiot', 'حمار', 'غبي', { suffixes: true, term: 'كلب' }],
        suspectWords: [],
        classifier: { holdAt: 0.6 },
        links: { allowDomains: ['example.com'] },
      }),
    );
    expect(diffPolicies(before, after)).toEqual({
      lists: [
        { path: 'bannedWords', added: ['غبي'], removed: [] },
        { path: 'suspectWords', added: [], removed: ['كذاب'] },
        { path: 'links.allowDomains', added: ['example.com'], removed: [] },
      ],
      changed: [{ path: 'classifier.holdAt', from: 0.5, to: 0.6 }],
    });
  });

  test('two versions that differ only in their version number are the same policy', () => {
    const a = parsePolicy({ version: 1, bannedWords: ['x'] });
    const b = parsePolicy({ version: 9, bannedWords: ['x'] });
    expect(diffPolicies(a, b)).toEqual({ lists: [], changed: [] });
    expect(storedPolicy(a)).not.toHaveProperty('version');
  });
});
