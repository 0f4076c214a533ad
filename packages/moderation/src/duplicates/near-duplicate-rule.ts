import { normalize, type NormalizedText } from '../normalize/normalize.ts';
import type { Policy } from '../policy.ts';
import type { RuleInput } from '../rules/rule.ts';
import type { Finding } from '../types.ts';
import { fingerprint, wordView } from './fingerprint.ts';

/** Letters and digits of the folded text: what `nearDuplicates.minLength` counts. */
const wordLength = (normalized: NormalizedText) => wordView(normalized).replaceAll(' ', '').length;

/**
 * The fingerprint a service should look up and keep for this comment, or null when the policy
 * would never judge it (the rule is off, or the comment is shorter than `minLength`): short
 * replies need not fill the index.
 */
export function nearDuplicateFingerprint(body: string, policy: Policy): string | null {
  const settings = policy.nearDuplicates;
  if (!settings.enabled || wordLength(normalize(body)) < settings.minLength) return null;
  return fingerprint(body);
}

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
  if (wordLength(normalized) < policy.minLength) return [];
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
