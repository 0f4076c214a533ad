import type { Policy } from '../policy.ts';
import type { Finding, ModerationContext } from '../types.ts';
import type { RuleInput } from './rule.ts';

/**
 * A new author: marked "new" by the newsroom, or of unknown standing with fewer approved
 * comments than the policy's `authorTrust.holdFirstComments`.
 */
export function isNewAuthor(context: ModerationContext, policy: Policy): boolean {
  if (context.authorTrust === 'new') return true;
  if (context.authorTrust !== undefined) return false;
  return (
    context.approvedCount !== undefined &&
    context.approvedCount < policy.authorTrust.holdFirstComments
  );
}

/** Banned authors are rejected, trusted ones approved, new ones held for their first comments. */
export function authorTrustRule({ compiled, context }: RuleInput): Finding[] {
  const policy = compiled.policy.authorTrust;
  if (!policy.enabled) return [];
  switch (context.authorTrust) {
    case 'banned':
      return policy.rejectBanned
        ? [
            {
              rule: 'author-trust',
              action: 'reject',
              reason: 'The author is banned.',
              spans: [],
              trust: 'banned',
            },
          ]
        : [];
    case 'trusted':
      return [
        {
          rule: 'author-trust',
          action: 'approve',
          reason: policy.trustedSkipsHold
            ? 'The author is trusted: content rules do not hold their comments (rejections still apply).'
            : 'The author is trusted.',
          spans: [],
          trust: 'trusted',
        },
      ];
    default: {
      const approved = context.approvedCount ?? 0;
      const firstN = policy.holdFirstComments;
      if (firstN === 0 || !isNewAuthor(context, compiled.policy) || approved >= firstN) return [];
      return [
        {
          rule: 'author-trust',
          action: 'hold',
          reason: `New author: their first ${firstN} comment${firstN === 1 ? ' is' : 's are'} reviewed (${approved} approved so far).`,
          spans: [],
          trust: 'new',
          approvedCount: approved,
          limit: firstN,
        },
      ];
    }
  }
}
