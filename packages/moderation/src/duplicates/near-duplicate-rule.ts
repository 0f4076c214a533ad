import type { RuleInput } from '../rules/rule.ts';
import type { Finding } from '../types.ts';
import { wordView } from './fingerprint.ts';

/** How many matching comments a finding names: enough to look them up, few enough to read. */
const NAMED_COMMENTS = 10;

/**
 * Coordinated posting: when at least `threshold` other authors posted a near-duplicate of this
 * comment inside the window (the caller passes them in `context.nearDuplicates`, found by
 * fingerprint), it is held. The finding names the other comments.
 */
export function nearDuplicateRule({ normalized, compiled, context }: RuleInput): Finding[] {
  const policy = compiled.policy.nearDuplicates;
  const matches = context.nearDuplicates;
  if (!policy.enabled || !matches || matches.length === 0) return [];
  const close = matches
    .filter((m) => m.distance <= policy.maxDistance)
    .sort((a, b) => a.distance - b.distance || (a.commentId < b.commentId ? -1 : 1));
  const authors = new Set(close.map((m) => m.authorKey));
  if (authors.size < policy.threshold) return [];
  if (wordView(normalized).replaceAll(' ', '').length < policy.minLength) return [];
  const named = close.slice(0, NAMED_COMMENTS);
  return [
    {
      rule: 'near-duplicates',
      code: 'near-duplicate',
      params: {
        authors: authors.size,
        threshold: policy.threshold,
        windowMinutes: policy.windowMinutes,
        commentIds: named.map((m) => m.commentId).join(', '),
      },
      action: 'hold',
      reason: `${authors.size} other authors posted almost the same comment in the last ${policy.windowMinutes} minutes (${named.map((m) => m.commentId).join(', ')}); from ${policy.threshold} it is held as coordinated posting.`,
      spans: [],
      matches: named,
    },
  ];
}
