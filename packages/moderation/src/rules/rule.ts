import { SPACE } from '../normalize/fold-table.ts';
import type { CompiledPolicy } from '../compile.ts';
import type { NormalizedText } from '../normalize/normalize.ts';
import type { Finding, ModerationContext, ModerationInput } from '../types.ts';

export { codePointLength } from '../text-facts.js';

/** What every rule sees: the comment as written, its folded view, the policy and the context. */
export interface RuleInput {
  input: ModerationInput;
  normalized: NormalizedText;
  compiled: CompiledPolicy;
  context: ModerationContext;
}

/** A rule returns the findings it has about the comment, often none. */
export type Rule = (input: RuleInput) => Finding[];

/** Code points a reader sees: the folded text has no invisible characters; spaces do not count. */
export function visibleLength(normalized: NormalizedText): number {
  let visible = 0;
  const { text, classes } = normalized;
  for (let i = 0; i < classes.length; i++) {
    const unit = text.charCodeAt(i);
    if (classes[i] !== SPACE && !(unit >= 0xdc00 && unit <= 0xdfff)) visible++;
  }
  return visible;
}
