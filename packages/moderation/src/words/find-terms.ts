import { classOf, DIGIT, LETTER, SPACE } from '../normalize/fold-table.ts';
import type { NormalizedText } from '../normalize/normalize.ts';
import { PHRASE_GAP, type IndexedTerm, type TrieNode } from './term-index.ts';

export interface TermMatch {
  term: IndexedTerm;
  /** Normalized positions [start, end) of the term itself (an attached clitic or suffix excluded/included as read). */
  start: number;
  end: number;
  /** Which tricks the match had to see through, for the finding. */
  clitic: string;
  suffix: string;
  spaced: boolean;
  leet: boolean;
}

export interface MatchOptions {
  clitics: boolean;
  cliticMinLength: number;
  spacedLetters: boolean;
  leetspeak: boolean;
  /** Folded suffixes by script; empty sets disable suffix matching. */
  arabicSuffixes: Set<string>;
  latinSuffixes: Set<string>;
  maxSuffixLength: number;
}

/** Folded Arabic clitics that may precede a word: conjunctions, prepositions, the article. */
const CLITICS = ['و', 'ف', 'ب', 'ك', 'ل', 'ال', 'لل'];
const CLITIC_CHAINS = new Set<string>();
for (const first of ['', 'و', 'ف']) {
  for (const second of ['', 'ب', 'ك', 'ل']) {
    for (const third of ['', 'ال']) {
      const chain = first + second + third;
      if (chain) CLITIC_CHAINS.add(chain);
    }
  }
  if (first) CLITIC_CHAINS.add(first + 'لل');
}
for (const c of CLITICS) CLITIC_CHAINS.add(c);
const MAX_CLITIC = Math.max(...[...CLITIC_CHAINS].map((c) => c.length));

/** Digits and symbols read as letters inside Latin words. */
const LEET: Record<string, string> = {
  '0': 'o', '1': 'il', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'gb', '7': 't', '8': 'b', '9': 'g',
  '@': 'ao', '$': 's', '!': 'il', '|': 'li', '€': 'e', '£': 'l', '+': 't',
};
const LEET_UNITS: (number[] | undefined)[] = new Array(0x10000);
for (const [from, to] of Object.entries(LEET)) {
  LEET_UNITS[from.charCodeAt(0)] = [...to].map((c) => c.charCodeAt(0));
}
const LEET_ANCHOR = /[a-z@$|€£]/;

/** Most gap characters skipped between two letters of one spaced-out word ("k - i - l - l"). */
const MAX_GAP = 3;
/** Most characters skipped for one space of a phrase ("son  of , a"). */
const MAX_PHRASE_GAP = 6;
const ELONGATED = 3;

/**
 * Finds every policy term in the normalized text: on whole words, with Arabic clitics in
 * front, optional suffixes, letters spaced out or punctuated, leetspeak, doubled letters
 * elongated. The work per word depends on the word, not on how many terms the trie holds.
 */
export function findTerms(normalized: NormalizedText, root: TrieNode, options: MatchOptions): TermMatch[] {
  return new Walker(normalized, root, options).run();
}

class Walker {
  private readonly text: string;
  private readonly length: number;
  private readonly cls: Uint8Array;
  private readonly leetOk: Uint8Array | undefined;
  private readonly counts = new Uint8Array(256);
  private readonly matches: TermMatch[] = [];
  private readonly seen = new Set<string>();
  // The walk being explored.
  private start = 0;
  private clitic = '';
  private usedLeet = 0;
  private gapSkips = 0;

  constructor(
    private readonly normalized: NormalizedText,
    private readonly root: TrieNode,
    private readonly options: MatchOptions,
  ) {
    this.text = normalized.text;
    this.length = this.text.length;
    this.cls = new Uint8Array(this.length);
    for (let i = 0; i < this.length; i++) this.cls[i] = classOf(this.text.charCodeAt(i));
    this.leetOk = options.leetspeak ? this.leetChunks() : undefined;
  }

  run(): TermMatch[] {
    const { text, length } = this;
    for (let s = 0; s < length; s++) {
      if (!this.canStart(s)) continue;
      this.start = s;
      this.clitic = '';
      this.walk(s, this.root, 0, -1, 0, false, false, false);
      if (this.options.clitics && this.cls[s] === LETTER) {
        for (let k = 1; k <= MAX_CLITIC && s + k < length; k++) {
          if (this.cls[s + k - 1] !== LETTER) break;
          const prefix = text.slice(s, s + k);
          if (!CLITIC_CHAINS.has(prefix) || this.cls[s + k] !== LETTER) continue;
          this.start = s + k;
          this.clitic = prefix;
          this.walk(s + k, this.root, 0, -1, 0, false, false, false);
        }
      }
    }
    return this.matches;
  }

  /** A word starts here: a letter (or a letter in disguise) after a non-word character. */
  private canStart(s: number): boolean {
    const c = this.cls[s];
    const wordLike = c === LETTER || c === DIGIT || (this.leetOk !== undefined && this.leetOk[s] === 1);
    if (!wordLike) return false;
    if (s === 0) return true;
    const p = this.cls[s - 1];
    return p !== LETTER && p !== DIGIT && !(this.leetOk !== undefined && this.leetOk[s - 1] === 1 && c !== LETTER && c !== DIGIT);
  }

  private isWordAt(i: number): boolean {
    if (i >= this.length) return false;
    const c = this.cls[i];
    return c === LETTER || c === DIGIT;
  }

  /**
   * Depth-first walk of the trie along the text from `pos`.
   * depth: symbols consumed; prev: the last letter consumed (doubles fold into its run);
   * fragment: letters since the last whitespace gap; spacedWs: a whitespace gap was skipped;
   * single: some fragment had one letter (what makes "k ill" an evasion and "an al" two words).
   */
  private walk(
    pos: number,
    node: TrieNode,
    depth: number,
    prev: number,
    fragment: number,
    spacedWs: boolean,
    single: boolean,
    fresh: boolean,
  ): void {
    if (fresh && node.terms !== undefined) this.terminal(pos, node.terms, depth, fragment, spacedWs, single);
    if (pos >= this.length) return;
    const next = node.next;
    const cls = this.cls[pos]!;
    const unit = this.text.charCodeAt(pos);

    if (cls === LETTER || cls === DIGIT) {
      this.consume(pos, unit, node, depth, prev, fragment, spacedWs, single);
    }
    const leet = this.leetOk !== undefined && this.leetOk[pos] === 1 ? LEET_UNITS[unit] : undefined;
    if (leet !== undefined) {
      this.usedLeet++;
      for (const alt of leet) this.consume(pos, alt, node, depth, prev, fragment, spacedWs, single);
      this.usedLeet--;
    }
    if (cls === LETTER || cls === DIGIT || depth === 0) return;

    // A gap: either the space of a phrase, or characters slipped between letters of one word.
    const phrase = next?.get(PHRASE_GAP);
    if (phrase !== undefined && prev !== -1) {
      let p = pos;
      while (p < this.length && p - pos < MAX_PHRASE_GAP && !this.isWordAt(p)) p++;
      if (this.isWordAt(p)) {
        this.counts[depth] = 1;
        this.walk(p, phrase, depth + 1, -1, 0, false, single || fragment === 1, false);
      }
    }
    if (this.options.spacedLetters && prev !== -1) {
      let p = pos;
      let whitespace = false;
      while (p < this.length && p - pos < MAX_GAP && !this.isWordAt(p) && !this.isLeetAt(p)) {
        if (this.cls[p] === SPACE) whitespace = true;
        p++;
      }
      if (p > pos && p < this.length && (this.isWordAt(p) || this.isLeetAt(p))) {
        this.gapSkips++;
        if (whitespace) this.walk(p, node, depth, prev, 0, true, single || fragment === 1, false);
        else this.walk(p, node, depth, prev, fragment, spacedWs, single, false);
        this.gapSkips--;
      }
    }
  }

  private isLeetAt(i: number): boolean {
    return this.leetOk !== undefined && this.leetOk[i] === 1 && LEET_UNITS[this.text.charCodeAt(i)] !== undefined;
  }

  private consume(
    pos: number,
    unit: number,
    node: TrieNode,
    depth: number,
    prev: number,
    fragment: number,
    spacedWs: boolean,
    single: boolean,
  ): void {
    if (unit === prev) {
      // The same letter again: part of the current run, not a new letter of the term.
      const before = this.counts[depth - 1]!;
      this.counts[depth - 1] = this.normalized.elongated[pos] === 1 ? ELONGATED : Math.min(ELONGATED, before + 1);
      this.walk(pos + 1, node, depth, prev, fragment + 1, spacedWs, single, true);
      this.counts[depth - 1] = before;
      return;
    }
    const child = node.next?.get(unit);
    if (child === undefined || depth >= this.counts.length - 1) return;
    this.counts[depth] = this.normalized.elongated[pos] === 1 ? ELONGATED : 1;
    this.walk(pos + 1, child, depth + 1, unit, fragment + 1, spacedWs, single, true);
  }

  private terminal(pos: number, terms: IndexedTerm[], depth: number, fragment: number, spacedWs: boolean, single: boolean): void {
    // Split into whitespace-separated fragments, a word is an evasion only if some fragment is
    // a lone letter; otherwise "an al" would read as one word.
    if (spacedWs && !single && fragment !== 1) return;
    const atWordEnd = !this.isWordAt(pos);
    let suffix: string | undefined;
    if (!atWordEnd) {
      let end = pos;
      while (end < this.length && this.cls[end] === LETTER && end - pos <= this.options.maxSuffixLength) end++;
      if (this.isWordAt(end)) return;
      suffix = this.text.slice(pos, end);
    }
    for (const term of terms) {
      if (!this.runsMatch(term, depth)) continue;
      if (this.clitic !== '' && (!term.arabic || term.letters < this.options.cliticMinLength)) continue;
      let end = pos;
      if (suffix !== undefined) {
        if (!term.suffixes) continue;
        const allowed = term.arabic ? this.options.arabicSuffixes : this.options.latinSuffixes;
        if (!allowed.has(suffix)) continue;
        end = pos + suffix.length;
      }
      const key = `${term.list}\u0000${term.term}\u0000${this.start}\u0000${end}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.matches.push({
        term,
        start: this.start,
        end,
        clitic: this.clitic,
        suffix: suffix ?? '',
        spaced: this.gapSkips > 0,
        leet: this.usedLeet > 0,
      });
    }
  }

  private runsMatch(term: IndexedTerm, depth: number): boolean {
    const runs = term.runs;
    if (runs.length !== depth) return false;
    for (let i = 0; i < depth; i++) {
      const seen = this.counts[i]!;
      if (seen !== runs[i] && seen !== ELONGATED) return false;
    }
    return true;
  }

  /** Marks the characters of whitespace-separated chunks that contain a Latin letter or a leet symbol. */
  private leetChunks(): Uint8Array {
    const marks = new Uint8Array(this.length);
    let chunkStart = 0;
    for (let i = 0; i <= this.length; i++) {
      if (i === this.length || this.cls[i] === SPACE) {
        if (i > chunkStart && LEET_ANCHOR.test(this.text.slice(chunkStart, i))) marks.fill(1, chunkStart, i);
        chunkStart = i + 1;
      }
    }
    return marks;
  }
}
