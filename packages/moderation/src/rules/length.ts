import type { Finding } from '../types.ts';
import { codePointLength, visibleLength, type RuleInput } from './rule.ts';

/** Rejects empty or over-long comments; holds comments with an unreasonable number of lines. */
export function lengthRule({ input, normalized, compiled }: RuleInput): Finding[] {
  const { maxLength, minLength, maxLines } = compiled.policy.limits;
  const length = codePointLength(input.body);
  if (length > maxLength) {
    return [
      {
        rule: 'length',
        code: 'too-long',
        params: { length, limit: maxLength },
        action: 'reject',
        reason: `The comment is ${length} characters long; the limit is ${maxLength}.`,
        spans: [],
        length,
        limit: maxLength,
      },
    ];
  }
  const visible = visibleLength(normalized);
  if (visible < minLength) {
    return [
      {
        rule: 'length',
        code: visible === 0 ? 'empty' : 'too-short',
        params: visible === 0 ? {} : { length: visible, limit: minLength },
        action: 'reject',
        reason:
          visible === 0
            ? 'The comment is empty.'
            : `The comment has ${visible} visible characters; the minimum is ${minLength}.`,
        spans: [],
        length: visible,
        limit: minLength,
      },
    ];
  }
  let lines = 1;
  for (let i = input.body.indexOf('\n'); i !== -1; i = input.body.indexOf('\n', i + 1)) lines++;
  if (lines > maxLines) {
    return [
      {
        rule: 'length',
        code: 'too-many-lines',
        params: { lines, limit: maxLines },
        action: 'hold',
        reason: `The comment has ${lines} lines; more than ${maxLines} is held for review.`,
        spans: [],
        lines,
        limit: maxLines,
      },
    ];
  }
  return [];
}
