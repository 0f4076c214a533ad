import type { CompiledPolicy } from './compile.ts';
import { normalize } from './normalize/normalize.ts';
import { lengthRule } from './rules/length.ts';
import type { Rule } from './rules/rule.ts';
import { wordsRule } from './rules/words.ts';
import type { Decision, DecisionAction, Finding, ModerationContext, ModerationInput } from './types.ts';

/** The rules in the order their findings are listed. */
const RULES: Rule[] = [lengthRule, wordsRule];

const STRENGTH: Record<Finding['action'], number> = { score: 0, approve: 1, hold: 2, reject: 3 };

/**
 * Decides on one comment. Pure and synchronous: the same comment, policy and context always
 * give the same decision. The decision is the strongest action among the findings
 * (reject > hold > approve); a comment without findings is approved.
 */
export function moderate(input: ModerationInput, compiled: CompiledPolicy, context: ModerationContext): Decision {
  const normalized = normalize(input.body);
  const findings: Finding[] = [];
  for (const rule of RULES) findings.push(...rule({ input, normalized, compiled, context }));
  return { action: strongest(findings), findings, policyVersion: compiled.policy.version };
}

function strongest(findings: Finding[]): DecisionAction {
  let action: DecisionAction = 'approve';
  for (const finding of findings) {
    if (finding.action !== 'score' && STRENGTH[finding.action] > STRENGTH[action]) action = finding.action;
  }
  return action;
}
