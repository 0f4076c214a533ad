import { normalize } from './normalize/normalize.ts';
import type { Policy, Term } from './policy.ts';
import { canonicalHost } from './rules/hosts.ts';
import type { ScorerModel } from './scorer/model.ts';
import { arabicSkeleton, plainArabiziPrefixes } from './words/arabizi.ts';
import type { MatchOptions } from './words/find-terms.ts';
import { FlatTrie } from './words/flat-trie.ts';
import {
  addTerm,
  newNode,
  termText,
  type IndexedTerm,
  type TermIndex,
  type TermList,
} from './words/term-index.ts';

/**
 * A policy made ready to run: term lists (banned, suspect, allowed) compiled into one trie,
 * Arabizi skeletons indexed, suffixes and domains folded. Build it once (at boot, or when moderators save
 * a policy) and reuse it for every comment; `moderate` never changes it.
 */
export interface CompiledPolicy {
  readonly policy: Policy;
  /** Banned and suspect terms in one trie (each term knows its list). */
  readonly trie: FlatTrie;
  /** Banned and suspect terms (allowed words not counted). */
  readonly termCount: number;
  /** Arabic terms by consonant skeleton, for Arabizi. */
  readonly arabizi: ReadonlyMap<string, IndexedTerm[]>;
  /** Skeleton key prefixes of the Arabic terms Arabizi may spell without digits ("sharmouta"). */
  readonly arabiziPlainPrefixes: ReadonlySet<string>;
  readonly matchOptions: MatchOptions;
  readonly allowDomains: readonly string[];
  readonly denyDomains: readonly string[];
  /** The learned scorer the `classifier` rule runs, or null (the rule stays silent). */
  readonly model: ScorerModel | null;
}

/**
 * Compiles a validated policy (see `parsePolicy`). Cost grows with the lists; do it once.
 * `model` is the learned scorer to run with it (see `parseModel`); without one the
 * `classifier` rule stays silent whatever the policy says.
 */
export function compilePolicy(
  policy: Policy,
  options: { model?: ScorerModel | null } = {},
): CompiledPolicy {
  const terms: TermIndex = { root: newNode(), size: 0 };
  const arabizi = new Map<string, IndexedTerm[]>();
  const arabiziPlainPrefixes = new Set<string>();
  const add = (list: TermList, items: Term[]) => {
    for (const item of items) {
      const term = termText(item);
      const suffixes =
        typeof item === 'string'
          ? policy.matching.suffixes
          : (item.suffixes ?? policy.matching.suffixes);
      const indexed = addTerm(terms, term, { term, list, suffixes, via: 'spelling' });
      if (typeof item !== 'string') {
        for (const spelling of item.arabizi ?? [])
          addTerm(terms, spelling, { term, list, suffixes, via: 'arabizi' });
      }
      const skeleton =
        policy.matching.arabizi && indexed?.arabic === true ? arabicSkeleton(term) : undefined;
      if (indexed && skeleton) {
        const entries = arabizi.get(skeleton) ?? [];
        if (!entries.some((e) => e.term === term && e.list === list))
          entries.push({ ...indexed, via: 'arabizi' });
        arabizi.set(skeleton, entries);
        for (const prefix of plainArabiziPrefixes(term, skeleton)) arabiziPlainPrefixes.add(prefix);
      }
    }
  };
  add('banned', policy.bannedWords);
  add('suspect', policy.suspectWords);
  const decisive = terms.size;
  for (const word of policy.allowWords)
    addTerm(terms, word, { term: word, list: 'allow', suffixes: false, via: 'spelling' });

  const fold = (text: string) => normalize(text).text.trim();
  const arabicSuffixes = new Set(policy.matching.arabicSuffixes.map(fold).filter(Boolean));
  const latinSuffixes = new Set(policy.matching.latinSuffixes.map(fold).filter(Boolean));
  const maxSuffixLength = Math.max(
    0,
    ...[...arabicSuffixes, ...latinSuffixes].map((s) => s.length),
  );
  return {
    policy,
    trie: new FlatTrie(terms.root),
    termCount: decisive,
    arabizi,
    arabiziPlainPrefixes,
    allowDomains: policy.links.allowDomains.map(canonicalHost),
    denyDomains: policy.links.denyDomains.map(canonicalHost),
    model: options.model ?? null,
    matchOptions: {
      clitics: policy.matching.clitics,
      cliticMinLength: policy.matching.cliticMinLength,
      shortTermClitics: new Set(policy.matching.shortTermClitics.map(fold).filter(Boolean)),
      spacedLetters: policy.matching.spacedLetters,
      leetspeak: policy.matching.leetspeak,
      arabicSuffixes,
      latinSuffixes,
      maxSuffixLength,
    },
  };
}
