import { DIGIT, LETTER, SPACE } from '../normalize/fold-table.ts';
import type { NormalizedText } from '../normalize/normalize.ts';
import { FlatTrie, HAS_SUFFIX_TERMS } from './flat-trie.ts';
import { CLITIC_CHAINS, LEET_UNITS, leetChunks, MASKS, MAX_CLITIC } from './spellings.ts';
import { PHRASE_GAP, type IndexedTerm } from './term-index.ts';

export interface TermMatch {
  term: IndexedTerm;
  /** Normalized positions [start, end): the term as read, an attached clitic excluded, a suffix included. */
  start: number;
  end: number;
  /** Which tricks the match had to see through, for the finding. */
  clitic: string;
  suffix: string;
  spaced: boolean;
  leet: boolean;
  /** Letters hidden behind * or # ("f*ck"). */
  masked: number;
}

export interface MatchOptions {
  clitics: boolean;
  cliticMinLength: number;
  /** Folded single clitics a two-letter term may carry (the word is exactly clitic + term). */
  shortTermClitics: ReadonlySet<string>;
  spacedLetters: boolean;
  leetspeak: boolean;
  /** Folded suffixes by script. */
  arabicSuffixes: ReadonlySet<string>;
  latinSuffixes: ReadonlySet<string>;
  maxSuffixLength: number;
}

/** Most gap characters skipped between two letters of one spaced-out word ("k - i - l - l"). */
const MAX_GAP = 5;
/** Most characters skipped for one space of a phrase ("son  of , a"). */
const MAX_PHRASE_GAP = 6;
/** At most this many masked letters in one term, and at least two letters shown. */
const MAX_MASKED = 2;
const MIN_SHOWN = 2;
/** Run count meaning "elongated": matches a single or a doubled letter of the term. */
const ELONGATED = 3;
const MAX_DEPTH = 255;
/**
 * Longest stretch of text one match may cover, in folded characters. Spaced-out letters and
 * repeats can make a match longer than its term; this bound keeps a walk (and the recursion)
 * short whatever the input ("! ! ! ! …" five thousand times).
 */
const MAX_SPAN = 192;

const ARABIC_LETTER = /^[\u0621-\u064a]+$/u;
const LATIN_PIECE = /^[a-z]+$/;
const VOWEL = /[aeiouy]/;
/**
 * Two-letter Arabic words common enough that a piece spelling one may be a word of its own
 * (folded: ا for أ إ آ, ه for ة, ي for ى). A pair outside the list next to another short piece
 * reads as part of a word cut in two ("حم ار").
 */
const COMMON_ARABIC_PAIRS: ReadonlySet<string> = new Set(
  (
    'من في عن لا ما لم لن قد هل او ان يا ام اب اخ هو هي كم كل لي لك له به بك بي بل ثم مع اي كي ' +
    'ذا نا هم هن تم لو اذ اه ذو يد دم فم حق رب عم خط حب حد سر جو بر شر ضد حر مر ري سن عد جد قل ' +
    'خذ كن مد صف رد دع بع لف شد عز ند ود هم ال ها يا وا بن اي'
  ).split(' '),
);

/**
 * Finds every policy term in the normalized text: on whole words, with Arabic clitics in
 * front, optional suffixes, letters spaced out or punctuated, leetspeak, and elongation. The
 * work per word depends on the word, not on how many terms the trie holds.
 */
export function findTerms(
  normalized: NormalizedText,
  trie: FlatTrie,
  options: MatchOptions,
): TermSearch {
  const walker = new Walker(normalized, trie, options);
  const matches = walker.run();
  return { matches, exhausted: walker.exhausted, steps: walker.steps };
}

export interface TermSearch {
  matches: TermMatch[];
  /**
   * The text could be read in too many ways (thousands of symbols that each stand for several
   * letters) to check all of them within the budget: some readings were not checked.
   */
  exhausted: boolean;
  /** Trie steps taken: a few per character for ordinary text. */
  steps: number;
}

/**
 * Steps allowed per comment: far above what real text needs (a few per character), far
 * below what a crafted string could demand when symbols read as several letters ("! ! ! …").
 */
const BUDGET_BASE = 10_000;
const BUDGET_PER_CHAR = 32;

class Walker {
  private readonly text: string;
  private readonly length: number;
  private readonly cls: Uint8Array;
  private readonly elongated: Uint8Array;
  private readonly leetOk: Uint8Array | undefined;
  private readonly counts = new Uint8Array(MAX_DEPTH + 1);
  private readonly matches: TermMatch[] = [];
  private seen: Set<string> | undefined;
  // The walk being explored.
  private start = 0;
  private clitic = '';
  private usedLeet = 0;
  private gapSkips = 0;
  private masked = 0;
  steps = 0;
  exhausted = false;
  private readonly budget: number;

  constructor(
    normalized: NormalizedText,
    private readonly trie: FlatTrie,
    private readonly options: MatchOptions,
  ) {
    this.text = normalized.text;
    this.length = this.text.length;
    this.cls = normalized.classes;
    this.elongated = normalized.elongated;
    this.leetOk = options.leetspeak ? leetChunks(this.text, this.cls) : undefined;
    this.budget = BUDGET_BASE + BUDGET_PER_CHAR * this.length;
  }

  run(): TermMatch[] {
    const { text, length, cls } = this;
    for (let s = 0; s < length && !this.exhausted; s++) {
      if (!this.canStart(s)) continue;
      this.start = s;
      this.clitic = '';
      this.walk(s, 0, 0, -1, 0, false);
      if (!this.options.clitics || cls[s] !== LETTER) continue;
      // Arabic clitics: start again after each prefix of the word that is a clitic chain.
      for (let k = 1; k <= MAX_CLITIC && s + k < length && cls[s + k - 1] === LETTER; k++) {
        if (cls[s + k] !== LETTER) break;
        const prefix = text.slice(s, s + k);
        if (!CLITIC_CHAINS.has(prefix)) continue;
        this.start = s + k;
        this.clitic = prefix;
        this.walk(s + k, 0, 0, -1, 0, false);
      }
    }
    return this.matches;
  }

  /** A word starts here: a letter or digit (or a symbol read as a letter) after a non-word character. */
  private canStart(s: number): boolean {
    const c = this.cls[s];
    const word = c === LETTER || c === DIGIT;
    if (!word && !this.isLeetAt(s)) return false;
    if (s === 0) return true;
    const p = this.cls[s - 1];
    return p !== LETTER && p !== DIGIT && (word || !this.isLeetAt(s - 1));
  }

  private isWordAt(i: number): boolean {
    const c = this.cls[i];
    return i < this.length && (c === LETTER || c === DIGIT);
  }

  private isLeetAt(i: number): boolean {
    return (
      this.leetOk !== undefined &&
      this.leetOk[i] === 1 &&
      LEET_UNITS[this.text.charCodeAt(i)] !== undefined
    );
  }

  /**
   * Depth-first walk of the trie along the text from `pos`.
   * depth: symbols consumed; prev: the last letter consumed (a repeat folds into its run);
   * fragment: letters since the last white space skipped; fresh: a letter was just consumed.
   */
  private walk(
    pos: number,
    node: number,
    depth: number,
    prev: number,
    fragment: number,
    fresh: boolean,
  ): void {
    if (fresh) {
      const terms = this.trie.terms[node];
      if (terms !== undefined) this.terminal(pos, node, terms, depth);
    }
    if (++this.steps > this.budget) {
      this.exhausted = true;
      return;
    }
    if (pos >= this.length || pos - this.start > MAX_SPAN) return;
    const cls = this.cls[pos]!;
    const unit = this.text.charCodeAt(pos);
    const word = cls === LETTER || cls === DIGIT;
    if (word && prev !== -1) {
      // Words of a phrase written together ("sonofabitch", "ياكلب").
      const phrase = this.trie.child(node, PHRASE_GAP);
      if (phrase !== -1) {
        this.counts[depth] = 1;
        this.walk(pos, phrase, depth + 1, -1, fragment, false);
      }
    }
    if (word) this.consume(pos, unit, node, depth, prev, fragment);
    if (depth > 0 && MASKS.has(unit) && this.masked < MAX_MASKED)
      this.mask(pos, node, depth, prev, fragment);
    if (this.leetOk !== undefined && this.leetOk[pos] === 1) {
      const leet = LEET_UNITS[unit];
      if (leet !== undefined) {
        this.usedLeet++;
        for (const alt of leet) this.consume(pos, alt, node, depth, prev, fragment);
        this.usedLeet--;
      }
    }
    if (word || depth === 0) return;

    // A gap: the space of a phrase, or characters slipped between the letters of one word.
    const phrase = this.trie.child(node, PHRASE_GAP);
    if (phrase !== -1) {
      let p = pos;
      while (p < this.length && p - pos < MAX_PHRASE_GAP && !this.isWordAt(p) && !this.isLeetAt(p))
        p++;
      if (p > pos && (this.isWordAt(p) || this.isLeetAt(p))) {
        this.counts[depth] = 1;
        this.walk(p, phrase, depth + 1, -1, 0, false);
      }
    }
    if (this.options.spacedLetters) {
      let p = pos;
      let whitespace = false;
      while (
        p < this.length &&
        p - pos < MAX_GAP &&
        !this.isWordAt(p) &&
        !this.isLeetAt(p) &&
        !this.isMaskAt(p)
      ) {
        if (this.cls[p] === SPACE) whitespace = true;
        p++;
      }
      // Across white space only when a lone letter stands on one side ("k ill", "ح م ا ر"):
      // two real words side by side ("an al") are not one word spaced out.
      if (
        p > pos &&
        (this.isWordAt(p) || this.isLeetAt(p) || this.isMaskAt(p)) &&
        (!whitespace ||
          fragment === 1 ||
          this.loneLetterAt(p) ||
          this.splitPieces(pos, p, fragment))
      ) {
        this.gapSkips++;
        this.walk(p, node, depth, prev, whitespace ? 0 : fragment, false);
        this.gapSkips--;
      }
    }
  }

  /** A masked letter stands for any letter the trie allows here, or for the letter just read ("a**hole"). */
  private mask(pos: number, node: number, depth: number, prev: number, fragment: number): void {
    const first = this.trie.firstChild[node]!;
    const count = this.trie.childCount[node]!;
    this.masked++;
    if (prev !== -1) this.consume(pos, prev, node, depth, prev, fragment);
    for (let child = first; child < first + count; child++) {
      const unit = this.trie.unitOf[child]!;
      if (unit !== PHRASE_GAP && unit !== prev)
        this.consume(pos, unit, node, depth, prev, fragment);
    }
    this.masked--;
  }

  private isMaskAt(i: number): boolean {
    return i < this.length && MASKS.has(this.text.charCodeAt(i));
  }

  /**
   * A word cut into pieces of two or three letters ("ki ll", "حم ار", "مني وك"): the letters
   * before the white space at `pos` (all of them read by this walk) and the letters from `end`
   * are each 2–3 letters of one script, separated by white space only, and at least one of them
   * is no word on its own (a Latin piece without a vowel, an Arabic pair that is not a common
   * word). Two real words side by side ("an al", "pen is", "كل به") are never joined.
   */
  private splitPieces(pos: number, end: number, fragment: number): boolean {
    const { text, cls } = this;
    for (let i = pos; i < end; i++) if (cls[i] !== SPACE) return false;
    let before = 0;
    while (before < 4 && pos - before - 1 >= 0 && cls[pos - before - 1] === LETTER) before++;
    let after = 0;
    while (after < 4 && end + after < this.length && cls[end + after] === LETTER) after++;
    if (before !== fragment || before < 2 || before > 3 || after < 2 || after > 3) return false;
    const left = text.slice(pos - before, pos);
    const right = text.slice(end, end + after);
    const arabic = ARABIC_LETTER.test(left);
    if (arabic !== ARABIC_LETTER.test(right)) return false;
    return arabic
      ? (left.length === 2 && !COMMON_ARABIC_PAIRS.has(left)) ||
          (right.length === 2 && !COMMON_ARABIC_PAIRS.has(right))
      : LATIN_PIECE.test(left) &&
          LATIN_PIECE.test(right) &&
          (!VOWEL.test(left) || !VOWEL.test(right));
  }

  /** The character at i is a word of one letter. */
  private loneLetterAt(i: number): boolean {
    return !this.isWordAt(i + 1) && !this.isLeetAt(i + 1);
  }

  private consume(
    pos: number,
    unit: number,
    node: number,
    depth: number,
    prev: number,
    fragment: number,
  ): void {
    if (unit === prev) {
      // The same letter again: part of the current run, not a new letter of the term.
      const before = this.counts[depth - 1]!;
      this.counts[depth - 1] =
        this.elongated[pos] === 1 ? ELONGATED : Math.min(ELONGATED, before + 1);
      this.walk(pos + 1, node, depth, prev, fragment + 1, true);
      this.counts[depth - 1] = before;
      return;
    }
    if (depth >= MAX_DEPTH) return;
    const child = this.trie.child(node, unit);
    if (child === -1) return;
    this.counts[depth] = this.elongated[pos] === 1 ? ELONGATED : 1;
    this.walk(pos + 1, child, depth + 1, unit, fragment + 1, true);
  }

  private terminal(pos: number, node: number, terms: IndexedTerm[], depth: number): void {
    let suffix: string | undefined;
    if (this.isWordAt(pos)) {
      // Not at the end of the word: only a term that allows a suffix can match here.
      if ((this.trie.flags[node]! & HAS_SUFFIX_TERMS) === 0) return;
      let end = pos;
      while (
        end < this.length &&
        this.cls[end] === LETTER &&
        end - pos <= this.options.maxSuffixLength
      )
        end++;
      if (this.isWordAt(end)) return;
      suffix = this.text.slice(pos, end);
    }
    for (const term of terms) {
      if (this.masked > 0 && term.letters - this.masked < MIN_SHOWN) continue;
      if (!this.runsMatch(term, depth)) continue;
      if (this.clitic !== '' && !this.cliticFits(term, suffix)) continue;
      let end = pos;
      if (suffix !== undefined) {
        if (!term.suffixes) continue;
        const allowed = term.arabic ? this.options.arabicSuffixes : this.options.latinSuffixes;
        if (!allowed.has(suffix)) continue;
        end = pos + suffix.length;
      }
      this.seen ??= new Set();
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
        masked: this.masked,
      });
    }
  }

  /**
   * Whether the clitic read in front may go with this term: any chain for Arabic terms of
   * `cliticMinLength` letters or more; for shorter ones (two letters), only one of
   * `shortTermClitics`, with nothing after the term and no letters spaced out, so the whole word
   * is clitic + term (لطز) and never a longer word that happens to contain it.
   */
  private cliticFits(term: IndexedTerm, suffix: string | undefined): boolean {
    if (!term.arabic) return false;
    if (term.letters >= this.options.cliticMinLength) return true;
    return (
      term.letters >= 2 &&
      suffix === undefined &&
      this.gapSkips === 0 &&
      this.start - this.clitic.length >= 0 &&
      this.options.shortTermClitics.has(this.clitic)
    );
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
}
