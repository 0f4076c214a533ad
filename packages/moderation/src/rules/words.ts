import { hasInvisible } from '../normalize/fold-table.ts';
import { originalSpan } from '../normalize/normalize.ts';
import type { Finding, Span } from '../types.ts';
import { findArabizi } from '../words/arabizi.ts';
import { findTerms, type TermMatch } from '../words/find-terms.ts';
import type { RuleInput } from './rule.ts';

/** Banned terms reject, suspect terms hold; one finding per term with every place it occurs. */
export function wordsRule({ input, normalized, compiled }: RuleInput): Finding[] {
  if (compiled.termCount === 0) return [];
  const search = findTerms(normalized, compiled.trie, compiled.matchOptions);
  const found = search.matches;
  if (compiled.arabizi.size > 0)
    found.push(...findArabizi(normalized, compiled.arabizi, compiled.arabiziPlainPrefixes));
  const unreadable: Finding[] = search.exhausted
    ? [
        {
          rule: 'obfuscation',
          code: 'obfuscation',
          params: {},
          action: 'hold',
          reason:
            'The text mixes so many symbols that stand for letters that it cannot be read in every possible way; a moderator should look at it.',
          spans: [],
        },
      ]
    : [];
  if (found.length === 0) return unreadable;
  // An allowed word or phrase ("Scunthorpe", "cul-de-sac") cancels the matches inside it.
  const allowed = found.filter((m) => m.term.list === 'allow');
  const matches = found.filter(
    (m) => m.term.list !== 'allow' && !allowed.some((a) => a.start <= m.start && m.end <= a.end),
  );
  const byTerm = new Map<string, { match: TermMatch; spans: Span[]; tricks: Set<string> }>();
  for (const match of matches) {
    const key = `${match.term.list}\u0000${match.term.term}`;
    let group = byTerm.get(key);
    if (!group) {
      group = { match, spans: [], tricks: new Set() };
      byTerm.set(key, group);
    }
    const span = originalSpan(normalized, input.body, match.start, match.end);
    if (!group.spans.some((s) => s.start === span.start && s.end === span.end))
      group.spans.push(span);
    for (const trick of tricksOf(match, span.text)) group.tricks.add(trick);
  }
  const findings: Finding[] = [...unreadable];
  for (const { match, spans, tricks } of byTerm.values()) {
    spans.sort((a, b) => a.start - b.start);
    const banned = match.term.list === 'banned';
    const seen = tricks.size > 0 ? ` (seen through: ${[...tricks].join(', ')})` : '';
    findings.push({
      rule: banned ? 'banned-words' : 'suspect-words',
      code: banned ? 'banned-word' : 'suspect-word',
      params: { term: match.term.term, count: spans.length, tricks: [...tricks].join(', ') },
      action: banned ? 'reject' : 'hold',
      reason: `Contains the ${banned ? 'banned' : 'suspect'} term "${match.term.term}"${
        spans.length > 1 ? ` ${spans.length} times` : ''
      }${seen}.`,
      spans,
      term: match.term.term,
      tricks: [...tricks],
    });
  }
  return findings;
}

const TASHKEEL = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]/u;
const ELONGATED = /([^\P{L}\u0640])\1\1/u;

/** The spelling tricks a moderator can see in the matched text, named in the finding. */
function tricksOf(match: TermMatch, original: string): string[] {
  const tricks: string[] = [];
  if (match.term.via === 'arabizi') tricks.push('Arabizi');
  if (match.clitic) tricks.push(`attached clitic ${match.clitic}`);
  if (match.suffix) tricks.push(`suffix ${match.suffix}`);
  if (TASHKEEL.test(original)) tricks.push('diacritics');
  if (original.includes('\u0640')) tricks.push('tatweel');
  if (hasInvisible(original)) tricks.push('invisible characters');
  if (ELONGATED.test(original)) tricks.push('elongated letters');
  if (match.spaced) tricks.push('spaced or punctuated letters');
  if (match.leet) tricks.push('digits or symbols for letters');
  if (match.masked > 0) tricks.push('masked letters');
  if (
    /[\u0400-\u04ff\u0370-\u03ff]/u.test(original) &&
    /^[\p{Script=Latin}\s]+$/u.test(match.term.term)
  ) {
    tricks.push('look-alike letters');
  }
  return tricks;
}
