import type { Finding } from '../types.ts';
import type { RuleInput } from './rule.ts';

/** Reader reports past a threshold send the comment back to a moderator, or reject it. */
export function reportsRule({ compiled, context }: RuleInput): Finding[] {
  const count = context.reportCount ?? 0;
  const { holdThreshold, rejectThreshold } = compiled.policy.reports;
  if (rejectThreshold !== null && count >= rejectThreshold) {
    return [
      {
        rule: 'reports',
        code: 'reports-reject-threshold',
        params: { count, limit: rejectThreshold },
        action: 'reject',
        reason: `Readers reported the comment ${count} times; ${rejectThreshold} reports reject it.`,
        spans: [],
        count,
        limit: rejectThreshold,
      },
    ];
  }
  if (count >= holdThreshold) {
    return [
      {
        rule: 'reports',
        code: 'reports-threshold',
        params: { count, limit: holdThreshold },
        action: 'hold',
        reason: `Readers reported the comment ${count} times; ${holdThreshold} reports send it to review.`,
        spans: [],
        count,
        limit: holdThreshold,
      },
    ];
  }
  return [];
}
