import type { CompiledPolicy } from './compile.ts';
import { nearDuplicateRule } from './duplicates/near-duplicate-rule.ts';
import { normalize } from './normalize/normalize.ts';
import { authorTrustRule } from './rules/author-trust.ts';
import { externalRule } from './rules/external.ts';
import { floodRule } from './rules/flood.ts';
import { lengthRule } from './rules/length.ts';
import { linksRule } from './rules/links.ts';
import { repeatRule } from './rules/repeat.ts';
import { reportsRule } from './rules/reports.ts';
import type { Rule } from './rules/rule.ts';
import { shoutingRule } from './rules/shouting.ts';
import { wordsRule } from './rules/words.ts';
import { classifierRule } from './scorer/classifier-rule.ts';
import type {
  Decision,
  DecisionAction,
  Finding,
  ModerationContext,
  ModerationInput,
} from './types.ts';

/** The rules, in the order their findings are listed. */
const RULES: Rule[] = [
  authorTrustRule,
  lengthRule,
  wordsRule,
  linksRule,
  shoutingRule,
  floodRule,
  repeatRule,
  nearDuplicateRule,
  reportsRule,
  classifierRule,
  externalRule,
];

/** Content rules whose holds a trusted author skips (when the policy says so). */
const TRUST_SKIPPABLE = new Set([
  'suspect-words',
  'links',
  'shouting',
  'flood',
  'classifier',
  'external',
]);

const STRENGTH: Record<Finding['action'], number> = { score: 0, approve: 1, hold: 2, reject: 3 };

/**
 * Decides on one comment. Pure and synchronous: the same comment, compiled policy and context
 * always give the same decision. The decision is the strongest action among the findings
 * (reject > hold > approve); a comment without findings is approved. Every finding names its
 * rule, its action, a reason in plain words and where in the original text it applies.
 */
export function moderate(
  input: ModerationInput,
  compiled: CompiledPolicy,
  context: ModerationContext,
): Decision {
  const normalized = normalize(input.body);
  let findings: Finding[] = [];
  for (const rule of RULES) {
    const found = rule({ input, normalized, compiled, context });
    if (found.length > 0) findings.push(...found);
  }
  if (
    context.authorTrust === 'trusted' &&
    compiled.policy.authorTrust.enabled &&
    compiled.policy.authorTrust.trustedSkipsHold
  ) {
    findings = findings.map((f) =>
      f.action === 'hold' && TRUST_SKIPPABLE.has(f.rule)
        ? {
            ...f,
            action: 'score',
            reason: `${f.reason} Not held: the author is trusted.`,
            notHeldBecause: 'trusted-author',
          }
        : f,
    );
  }
  const decision: Decision = {
    action: strongest(findings),
    findings,
    policyVersion: compiled.policy.version,
  };
  if (compiled.model && compiled.policy.classifier.enabled)
    decision.modelVersion = compiled.model.version;
  return decision;
}

function strongest(findings: Finding[]): DecisionAction {
  let action: DecisionAction = 'approve';
  for (const finding of findings) {
    if (finding.action !== 'score' && STRENGTH[finding.action] > STRENGTH[action])
      action = finding.action;
  }
  return action;
}
