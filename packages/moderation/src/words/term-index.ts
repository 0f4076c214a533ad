import { normalize } from '../normalize/normalize.ts';
import { classOf, LETTER } from '../normalize/fold-table.ts';
import type { Term } from '../policy.ts';

/** Banned and suspect terms decide; allowed words and phrases cancel the matches they contain. */
export type TermList = 'banned' | 'suspect' | 'allow';

/** One policy term, compiled. */
export interface IndexedTerm {
  /** The term as the policy wrote it (what a moderator sees in the finding). */
  term: string;
  list: TermList;
  /** Run length (1 or 2) of each letter of the squeezed term: "kill" → k1 i1 l2. */
  runs: Uint8Array;
  /** Letters in the term, phrase spaces not counted. */
  letters: number;
  suffixes: boolean;
  /** The first letter is Arabic: Arabic clitics may attach in front. */
  arabic: boolean;
  /** How the term was reached: its own spelling or an Arabizi variant given by the policy. */
  via: 'spelling' | 'arabizi';
}

/**
 * A trie over the squeezed, folded spelling of every term (doubled letters stored once, their
 * count kept in `runs`). Phrase spaces are the edge PHRASE_GAP. Walking it costs the length of
 * the word read, however many terms it holds: the property that keeps 100,000-term lists cheap.
 */
export interface TrieNode {
  next: Map<number, TrieNode> | undefined;
  terms: IndexedTerm[] | undefined;
}

export const PHRASE_GAP = 0x20;

export function newNode(): TrieNode {
  return { next: undefined, terms: undefined };
}

const ARABIC_LETTER = /^[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]/u;

/** Squeezes the folded spelling of `text`: units to walk, and the run length of each. */
export function squeeze(
  text: string,
): { units: number[]; runs: number[]; folded: string } | undefined {
  const folded = normalize(text).text.trim();
  const units: number[] = [];
  const runs: number[] = [];
  let previous = -1;
  let sawSpace = false;
  for (let i = 0; i < folded.length; i++) {
    const unit = folded.charCodeAt(i);
    const cls = classOf(unit);
    if (cls !== LETTER && !(unit >= 0x30 && unit <= 0x39)) {
      // Anything between words (space, hyphen, apostrophe) is one phrase gap.
      sawSpace = units.length > 0;
      previous = -1;
      continue;
    }
    if (sawSpace) {
      units.push(PHRASE_GAP);
      runs.push(1);
      sawSpace = false;
    }
    if (unit === previous) {
      runs[runs.length - 1] = 2;
      continue;
    }
    units.push(unit);
    runs.push(1);
    previous = unit;
  }
  return units.length === 0 ? undefined : { units, runs, folded };
}

export interface TermIndex {
  root: TrieNode;
  size: number;
}

export function addTerm(
  index: TermIndex,
  spelling: string,
  entry: Omit<IndexedTerm, 'runs' | 'letters' | 'arabic'>,
): IndexedTerm | undefined {
  const squeezed = squeeze(spelling);
  if (!squeezed) return undefined;
  let node = index.root;
  let letters = 0;
  const runs: number[] = [];
  for (let i = 0; i < squeezed.units.length; i++) {
    const unit = squeezed.units[i]!;
    if (unit !== PHRASE_GAP) {
      letters += squeezed.runs[i]!;
      runs.push(squeezed.runs[i]!);
    } else {
      runs.push(1);
    }
    node.next ??= new Map();
    let child = node.next.get(unit);
    if (!child) {
      child = newNode();
      node.next.set(unit, child);
    }
    node = child;
  }
  const indexed: IndexedTerm = {
    ...entry,
    runs: Uint8Array.from(runs),
    letters,
    arabic: ARABIC_LETTER.test(squeezed.folded),
  };
  node.terms ??= [];
  const existing = node.terms.find(
    (t) => t.term === indexed.term && t.list === indexed.list && sameRuns(t.runs, indexed.runs),
  );
  if (existing) return existing;
  node.terms.push(indexed);
  index.size++;
  return indexed;
}

function sameRuns(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function termText(term: Term): string {
  return typeof term === 'string' ? term : term.term;
}
