import type { Finding, Span } from '../types.ts';
import type { RuleInput } from './rule.ts';

const MAX_SPANS = 20;

/** Mostly capital letters, over enough letters to tell: shouting. Scripts without case are ignored. */
export function shoutingRule({ input, compiled }: RuleInput): Finding[] {
  const policy = compiled.policy.shouting;
  if (!policy.enabled) return [];
  const body = input.body;
  let upper = 0;
  let cased = 0;
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i);
    let kind: 0 | 1 | 2;
    if (unit >= 0x41 && unit <= 0x5a) kind = 2;
    else if (unit >= 0x61 && unit <= 0x7a) kind = 1;
    else if (
      unit < 0xc0 ||
      (unit >= 0x0590 && unit <= 0x08ff) ||
      (unit >= 0xd800 && unit <= 0xdfff)
    )
      kind = 0;
    else kind = caseOf(body[i]!);
    if (kind === 0) continue;
    cased++;
    if (kind === 2) upper++;
  }
  if (cased < policy.minLetters || upper / cased <= policy.maxUppercaseRatio) return [];
  const spans: Span[] = [];
  for (const word of body.matchAll(/\p{Lu}[\p{Lu}\p{M}'’-]*\p{Lu}/gu)) {
    if (spans.length === MAX_SPANS) break;
    spans.push({ start: word.index, end: word.index + word[0].length, text: word[0] });
  }
  const percent = Math.round((upper / cased) * 100);
  return [
    {
      rule: 'shouting',
      code: 'shouting',
      params: { percent, limit: Math.round(policy.maxUppercaseRatio * 100) },
      action: policy.action,
      reason: `${percent}% of the letters are capitals (more than ${Math.round(policy.maxUppercaseRatio * 100)}%): the comment is shouting.`,
      spans,
      uppercaseRatio: Math.round((upper / cased) * 1000) / 1000,
      limit: policy.maxUppercaseRatio,
    },
  ];
}

/** 0: no case (Arabic, digits, punctuation), 1: lower case, 2: upper case. */
function caseOf(ch: string): 0 | 1 | 2 {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  if (lower === upper) return 0;
  return ch === upper ? 2 : 1;
}
