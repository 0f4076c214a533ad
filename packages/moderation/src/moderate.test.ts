import { describe, expect, test } from 'vitest';
import { compilePolicy, moderate, parsePolicy, policySchema } from './index.ts';

const now = new Date('2026-11-24T10:00:00Z');
const compiled = compilePolicy(
  parsePolicy({ bannedWords: ['كلب', 'kill'], suspectWords: ['حمار'] }),
);

describe('moderate', () => {
  test('an empty policy is valid and approves an ordinary comment', () => {
    const decision = moderate(
      { body: 'مقال رائع، شكرا للكاتب' },
      compilePolicy(policySchema.parse({})),
      { now },
    );
    expect(decision).toEqual({ action: 'approve', findings: [], policyVersion: 1 });
  });

  test('a banned word hidden with tashkeel and tatweel is still rejected, and the span points at what was written', () => {
    const body = 'أنت كَلْـــب حقا';
    const decision = moderate({ body }, compiled, { now });
    expect(decision.action).toBe('reject');
    expect(decision.findings).toMatchObject([
      {
        rule: 'banned-words',
        action: 'reject',
        term: 'كلب',
        spans: [{ start: 4, end: 4 + 'كَلْـــب'.length, text: 'كَلْـــب' }],
      },
    ]);
  });

  test('a suspect word with the article attached holds the comment', () => {
    expect(moderate({ body: 'هذا الحمار' }, compiled, { now }).action).toBe('hold');
  });

  test('a banned word inside a longer legitimate word does not fire', () => {
    expect(moderate({ body: 'what a skilled player' }, compiled, { now }).action).toBe('approve');
  });

  test('an empty comment and a comment over the length limit are rejected', () => {
    expect(moderate({ body: '  \n\u200b ' }, compiled, { now })).toMatchObject({
      action: 'reject',
      findings: [{ rule: 'length', action: 'reject', reason: 'The comment is empty.' }],
    });
    const long = moderate({ body: 'كلام '.repeat(1001) }, compiled, { now });
    expect(long.action).toBe('reject');
    expect(long.findings).toContainEqual(
      expect.objectContaining({ rule: 'length', action: 'reject', limit: 5000 }),
    );
  });

  test('the length limit counts characters as people do: 5000 emoji are 5000 characters, not 10000', () => {
    const findings = moderate({ body: '😀'.repeat(5000) }, compiled, { now }).findings;
    expect(findings.filter((f) => f.rule === 'length')).toEqual([]);
  });
});
