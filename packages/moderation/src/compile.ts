import { normalize } from './normalize/normalize.ts';
import type { Policy, Term } from './policy.ts';
import { FlatTrie } from './words/flat-trie.ts';
import type { MatchOptions } from './words/find-terms.ts';
import { addTerm, newNode, termText, type TermIndex, type TermList } from './words/term-index.ts';

/**
 * A policy made ready to run: term lists compiled into one trie, suffixes and allow-listed
 * words folded. Build it once (at boot, or when moderators save a policy) and reuse it for
 * every comment; it is never mutated by `moderate`.
 */
export interface CompiledPolicy {
  readonly policy: Policy;
  /** Banned and suspect terms in one trie (each term knows its list). */
  readonly trie: FlatTrie;
  readonly termCount: number;
  readonly matchOptions: MatchOptions;
  /** Folded whole words that never count as a match. */
  readonly allowWords: ReadonlySet<string>;
}

/** Compiles a validated policy (see `parsePolicy`). Cost grows with the lists; run it once. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const terms: TermIndex = { root: newNode(), size: 0 };
  const add = (list: TermList, items: Term[]) => {
    for (const item of items) {
      const term = termText(item);
      const suffixes = typeof item === 'string' ? policy.matching.suffixes : (item.suffixes ?? policy.matching.suffixes);
      addTerm(terms, term, { term, list, suffixes, via: 'spelling' });
      if (typeof item !== 'string') {
        for (const spelling of item.arabizi ?? []) addTerm(terms, spelling, { term, list, suffixes, via: 'arabizi' });
      }
    }
  };
  add('banned', policy.bannedWords);
  add('suspect', policy.suspectWords);

  const fold = (s: string) => normalize(s).text.trim();
  const arabicSuffixes = new Set(policy.matching.arabicSuffixes.map(fold).filter(Boolean));
  const latinSuffixes = new Set(policy.matching.latinSuffixes.map(fold).filter(Boolean));
  const maxSuffixLength = Math.max(0, ...[...arabicSuffixes, ...latinSuffixes].map((s) => s.length));
  return {
    policy,
    trie: new FlatTrie(terms.root),
    termCount: terms.size,
    allowWords: new Set(policy.allowWords.map(fold)),
    matchOptions: {
      clitics: policy.matching.clitics,
      cliticMinLength: policy.matching.cliticMinLength,
      spacedLetters: policy.matching.spacedLetters,
      leetspeak: policy.matching.leetspeak,
      arabicSuffixes,
      latinSuffixes,
      maxSuffixLength,
    },
  };
}
