import type { DecisionAction, Finding, FindingAction } from '../types.ts';
import type { RuleInput } from './rule.ts';

const STRENGTH: Record<DecisionAction, number> = { approve: 0, hold: 1, reject: 2 };

/**
 * The policy's external scorer, as its answer was handed in (`context.external`): the engine
 * never calls it (the worker does, with a timeout and a circuit breaker). An answer becomes one
 * `external` finding whose action is the stronger of the scorer's own decision (when the policy
 * follows it) and its score against `holdAt` / `rejectAt`; "approve" or a low score only scores.
 * A scorer that could not be heard leaves a `score` finding saying why, so a moderator knows
 * the comment was decided without it.
 */
export function externalRule({ compiled, context }: RuleInput): Finding[] {
  const settings = compiled.policy.externalScorer;
  const external = context.external;
  if (!settings || !external) return [];
  if (external.status === 'skipped') {
    const params = {
      why: external.why,
      ...(external.why === 'timeout' && { timeoutMs: settings.timeoutMs }),
      ...(external.detail && { detail: external.detail }),
    };
    return [
      {
        rule: 'external',
        code: 'external-skipped',
        params,
        action: 'score',
        reason: skippedReason(params),
        spans: [],
        skipped: external.why,
      },
    ];
  }
  const { score, decision, reasons = [] } = external;
  let wanted: DecisionAction = 'approve';
  if (settings.useDecision && decision) wanted = decision;
  if (score !== undefined) {
    const byScore: DecisionAction =
      settings.rejectAt !== null && score >= settings.rejectAt
        ? 'reject'
        : score >= settings.holdAt
          ? 'hold'
          : 'approve';
    if (STRENGTH[byScore] > STRENGTH[wanted]) wanted = byScore;
  }
  const action: FindingAction = wanted === 'approve' ? 'score' : wanted;
  const params = {
    outcome: action,
    ...(score !== undefined && { score: Math.round(score * 100) / 100 }),
    ...(reasons.length > 0 && { reasons: reasons.join('; ') }),
  };
  return [
    {
      rule: 'external',
      code: 'external-verdict',
      params,
      action,
      reason: verdictReason(params),
      spans: [],
      ...(score !== undefined && { score }),
      ...(decision && { decision }),
      reasons,
    },
  ];
}

function verdictReason(p: { outcome: FindingAction; score?: number; reasons?: string }): string {
  const lead =
    p.outcome === 'reject'
      ? 'The external scorer asks to reject it'
      : p.outcome === 'hold'
        ? 'The external scorer asks to hold it for review'
        : 'The external scorer found nothing to act on';
  return `${lead}${p.score !== undefined ? ` (score ${p.score.toFixed(2)})` : ''}${p.reasons ? `: ${p.reasons}` : ''}.`;
}

function skippedReason(p: { why: string; timeoutMs?: number; detail?: string }): string {
  if (p.why === 'timeout')
    return `The external scorer did not answer within ${p.timeoutMs ?? 0} ms; decided without it.`;
  if (p.why === 'circuit-open')
    return 'The external scorer keeps failing and is paused for now (circuit open); decided without it.';
  return `The external scorer failed${p.detail ? ` (${p.detail})` : ''}; decided without it.`;
}
