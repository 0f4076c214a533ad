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

/**
 * Banned authors are rejected, trusted ones approved, premoderated ones held, new ones held for
 * their first comments, and authors whose recent comments were mostly rejected held.
 */
export function authorTrustRule({ compiled, context }: RuleInput): Finding[] {
  const policy = compiled.policy.authorTrust;
  if (!policy.enabled) return [];
  switch (context.authorTrust) {
    case 'banned':
      return policy.rejectBanned
        ? [
            {
              rule: 'author-trust',
              code: 'author-banned',
              params: {},
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
          code: 'author-trusted',
          params: { skipsHold: policy.trustedSkipsHold ? 'yes' : 'no' },
          action: 'approve',
          reason: policy.trustedSkipsHold
            ? 'The author is trusted: content rules do not hold their comments (rejections still apply).'
            : 'The author is trusted.',
          spans: [],
          trust: 'trusted',
        },
      ];
    case 'premoderated':
      return [
        {
          rule: 'author-trust',
          code: 'author-premoderated',
          params: {},
          action: 'hold',
          reason: 'The author is premoderated: a moderator reviews each of their comments.',
          spans: [],
          trust: 'premoderated',
        },
      ];
    default: {
      const findings: Finding[] = [];
      const approved = context.approvedCount ?? 0;
      const firstN = policy.holdFirstComments;
      if (firstN > 0 && isNewAuthor(context, compiled.policy) && approved < firstN) {
        findings.push({
          rule: 'author-trust',
          code: 'author-new',
          params: { approved, limit: firstN },
          action: 'hold',
          reason: `New author: their first ${firstN} comment${firstN === 1 ? ' is' : 's are'} reviewed (${approved} approved so far).`,
          spans: [],
          trust: 'new',
          approvedCount: approved,
          limit: firstN,
        });
      }
      const recent = recentRejections(context, compiled.policy);
      if (recent) findings.push(recent);
      return findings;
    }
  }
}

/**
 * `autoPremoderation`: an author with at least `minDecided` decided comments in the window, of
 * which at least `rejectedShare` were rejected, is held until a moderator has looked.
 */
function recentRejections(context: ModerationContext, policy: Policy): Finding | null {
  const settings = policy.autoPremoderation;
  const outcomes = context.recentOutcomes;
  if (!settings.enabled || !outcomes) return null;
  const decided = outcomes.approved + outcomes.rejected;
  if (decided === 0 || decided < settings.minDecided) return null;
  const share = outcomes.rejected / decided;
  if (share < settings.rejectedShare) return null;
  const shown = Math.round(share * 100) / 100;
  return {
    rule: 'author-trust',
    code: 'author-recent-rejections',
    params: {
      rejected: outcomes.rejected,
      decided,
      share: shown,
      windowDays: settings.windowDays,
      limit: settings.rejectedShare,
    },
    action: 'hold',
    reason: `${outcomes.rejected} of the author's ${decided} comments decided in the last ${settings.windowDays} days were rejected (${Math.round(share * 100)}%, at or over ${Math.round(settings.rejectedShare * 100)}%): their comments are reviewed first.`,
    spans: [],
    trust: 'recent-rejections',
  };
}
