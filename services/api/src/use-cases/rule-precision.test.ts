import { describe, expect, test } from 'vitest';
import { precisionReport } from './rule-precision.ts';

const since = new Date('2026-11-01T00:00:00Z');
const outcome = (body: string, findings: unknown, action: 'approve' | 'reject') => ({
  commentId: body,
  body,
  articleLanguage: 'ar',
  systemAction: 'hold' as const,
  findings,
  action,
  decidedAt: new Date('2026-11-20T00:00:00Z'),
});

describe('rule precision', () => {
  test('a comment with two terms of one rule counts once for the rule and once per term; findings that decided nothing do not count', () => {
    const report = precisionReport(
      [
        outcome(
          'كذاب ومنافق',
          [
            { rule: 'suspect-words', action: 'hold', term: 'كذاب', spans: [] },
            { rule: 'suspect-words', action: 'hold', term: 'منافق', spans: [] },
            { rule: 'classifier', action: 'score', score: 0.2, spans: [] },
          ],
          'reject',
        ),
        outcome('كذاب', [{ rule: 'suspect-words', action: 'hold', term: 'كذاب' }], 'approve'),
        outcome('not json findings', 'oops', 'approve'),
      ],
      { days: 30, since },
    );
    expect(report.totals).toEqual({ decided: 3, upheld: 1, overturned: 2, precision: 1 / 3 });
    expect(report.rules).toEqual([
      { rule: 'suspect-words', decided: 2, upheld: 1, overturned: 1, precision: 0.5 },
    ]);
    expect(report.items.map((i) => [i.term, i.decided, i.upheld])).toEqual([
      ['كذاب', 2, 1],
      ['منافق', 1, 1],
    ]);
    expect(report.items.every((i) => i.language === 'ar' && i.action === 'hold')).toBe(true);
  });
});
