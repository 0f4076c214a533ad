import { DIGIT, LETTER } from '../normalize/fold-table.ts';
import { normalize, type NormalizedText } from '../normalize/normalize.ts';
import type { Finding } from '../types.ts';
import type { RuleInput } from './rule.ts';

/**
 * The same comment again from the same author within the window: compared on the folded
 * words only, so re-posting with different diacritics, punctuation or spacing is still a repeat.
 */
export function repeatRule({ input, normalized, compiled, context }: RuleInput): Finding[] {
  const policy = compiled.policy.repeat;
  if (!policy.enabled || !context.history || context.history.length === 0) return [];
  const key = repeatKey(normalized, input.body);
  const since = context.now.getTime() - policy.windowMinutes * 60_000;
  let duplicates = 0;
  for (const entry of context.history) {
    const at = entry.createdAt.getTime();
    if (at < since || at > context.now.getTime()) continue;
    if (repeatKey(normalize(entry.body), entry.body) === key) duplicates++;
  }
  if (duplicates <= policy.maxDuplicates) return [];
  return [
    {
      rule: 'repeat',
      code: 'repeat-post',
      params: { duplicates, windowMinutes: policy.windowMinutes },
      action: policy.action,
      reason: `The author posted the same comment ${duplicates} time${duplicates === 1 ? '' : 's'} in the last ${policy.windowMinutes} minutes.`,
      spans: [],
      duplicates,
      windowMinutes: policy.windowMinutes,
    },
  ];
}

/** The folded words joined by single spaces; the trimmed text when there are no words (emoji only). */
function repeatKey(normalized: NormalizedText, body: string): string {
  const { text, classes } = normalized;
  let key = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const word = classes[i] === LETTER || classes[i] === DIGIT;
    if (word) {
      if (!inWord && key.length > 0) key += ' ';
      key += text[i];
    }
    inWord = word;
  }
  return key.length > 0 ? key : body.trim();
}
