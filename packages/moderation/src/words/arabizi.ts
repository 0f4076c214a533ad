import { DIGIT, LETTER } from '../normalize/fold-table.ts';
import { normalize, type NormalizedText } from '../normalize/normalize.ts';
import type { TermMatch } from './find-terms.ts';
import type { IndexedTerm } from './term-index.ts';

/**
 * Arabizi: Arabic written in Latin letters and digits ("7mar" for حمار, "3ayb" for عيب).
 * Spellings vary too much to list, so both sides are reduced to a consonant skeleton: vowels
 * (and و ي, which Arabizi writes as vowels) dropped, sounds that Arabizi writers confuse merged
 * into one class. Words (or a phrase of up to four words) of the comment match a term when
 * their skeletons equal the term's, word by word ("ya 7mar" → "|Hmr" ← "يا حمار").
 *
 * Only text with a word that mixes Latin letters with the digits Arabizi uses for Arabic
 * sounds (2 3 5 6 7 8 9) is read this way, and only terms of three consonants or more count:
 * a plain Latin word like "club" has the skeleton of كلب, and must not be read as Arabic.
 */

/** Class of each folded Arabic letter; '' drops it (long vowels, hamza, ta marbuta). */
const ARABIC_CLASS: Record<string, string> = {
  ا: '',
  ء: '',
  و: '',
  ي: '',
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'H',
  خ: 'x',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'c',
  ص: 'S',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '3',
  غ: 'g',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
};

/** Latin digraphs first, then single characters; several classes where writers disagree. */
const DIGRAPHS: Record<string, string[]> = {
  sh: ['c'],
  ch: ['c'],
  kh: ['x'],
  gh: ['g'],
  th: ['t', 'd'],
  dh: ['d', 'z'],
  "3'": ['g'],
  "7'": ['x'],
  "9'": ['d'],
  "6'": ['z'],
};
const LATIN_CLASS: Record<string, string[]> = {
  a: [''],
  e: [''],
  i: [''],
  o: [''],
  u: [''],
  y: [''],
  w: [''],
  "'": [''],
  b: ['b'],
  p: ['b'],
  t: ['t'],
  j: ['j'],
  g: ['j', 'g', 'q'],
  h: ['h', 'H'],
  '7': ['H'],
  '5': ['x'],
  x: ['x'],
  d: ['d'],
  r: ['r'],
  z: ['z'],
  s: ['s'],
  '9': ['S', 'q'],
  '6': ['t'],
  '3': ['3'],
  f: ['f'],
  v: ['f'],
  q: ['q'],
  k: ['k'],
  c: ['k'],
  '8': ['q', 'g'],
  '2': ['', 'q'],
  l: ['l'],
  m: ['m'],
  n: ['n'],
  '0': [''],
  '1': [''],
  '4': [''],
};
const ARABIZI_DIGIT = /[2356789]/;
const LATIN_LETTER = /[a-z]/;
const LATIN_WORD = /^[a-z0-9']+$/;
const MIN_SKELETON = 3;
/** Prefixes Arabizi attaches like the Arabic clitics: b(i)-, l(i)-, f(a)-, k(a)-, el-/al-. */
const CLITIC_CLASSES = new Set(['b', 'l', 'f', 'k']);
const MAX_VARIANTS = 16;
/** The article written as its own word in Arabizi: skipped, as it is left out of Arabic skeletons. */
const ARTICLES = new Set(['el', 'al', 'il', 'l', "l'", "el'"]);
/** Longest phrase read in Arabizi, in words ("ya ibn el 7mar"). */
const MAX_PHRASE_WORDS = 4;

function squeeze(classes: string): string {
  let out = '';
  for (const c of classes) if (c !== out[out.length - 1]) out += c;
  return out;
}

/**
 * The skeleton key of an Arabic term: one skeleton per word, joined by "|" ("يا حمار" → "|Hmr"),
 * or undefined when the term is not plain Arabic or has fewer than three consonants in all.
 */
export function arabicSkeleton(term: string): string | undefined {
  const words: string[] = [];
  // ة is a vowel in Arabizi ("sharmouta"): drop it before folding turns it into ه.
  for (const word of normalize(term.replace(/[\u0629\u06c3]/gu, ''))
    .text.split(/\s+/u)
    .filter(Boolean)) {
    // Arabizi writes the article apart ("ibn el 7aram"), so it is left out on both sides.
    if (word === 'ال') continue;
    let classes = '';
    for (const ch of word.length > 4 && word.startsWith('ال') ? word.slice(2) : word) {
      const cls = ARABIC_CLASS[ch];
      if (cls === undefined) return undefined; // digits, Latin, punctuation: not for Arabizi
      classes += cls;
    }
    words.push(squeeze(classes));
  }
  if (words.length === 0 || words.length > MAX_PHRASE_WORDS) return undefined;
  return words.join('').length >= MIN_SKELETON ? words.join('|') : undefined;
}

/**
 * Skeletons of words already seen (the same everyday words come back in every comment): a
 * bounded memo, emptied when full; the result for a word never changes.
 */
const SKELETON_MEMO = new Map<string, string[]>();
const SKELETON_MEMO_SIZE = 20_000;

/** Every skeleton a Latin word may stand for (bounded), or [] when it cannot be Arabizi. */
function wordSkeletons(word: string, first: boolean): string[] {
  const key = first ? word : `|${word}`;
  let skeletons = SKELETON_MEMO.get(key);
  if (skeletons === undefined) {
    if (SKELETON_MEMO.size >= SKELETON_MEMO_SIZE) SKELETON_MEMO.clear();
    skeletons = computeWordSkeletons(word, first);
    SKELETON_MEMO.set(key, skeletons);
  }
  return skeletons;
}

function computeWordSkeletons(word: string, first: boolean): string[] {
  let variants = [''];
  for (let i = 0; i < word.length;) {
    const two = word.slice(i, i + 2);
    const digraph = DIGRAPHS[two];
    const options = digraph ?? LATIN_CLASS[word[i]!];
    if (!options) return [];
    const next: string[] = [];
    for (const variant of variants) for (const option of options) next.push(variant + option);
    variants = next.slice(0, MAX_VARIANTS);
    i += digraph ? 2 : 1;
  }
  const skeletons = new Set<string>();
  for (const variant of variants) {
    let skeleton = squeeze(variant);
    skeletons.add(skeleton);
    // Up to two prefixes attached to the first word ("b7mar", "bel7mar"); the article on any word ("el7aram").
    if (!first && skeleton.length > 2 && skeleton[0] === 'l') skeletons.add(skeleton.slice(1));
    for (
      let k = 0;
      first && k < 2 && skeleton.length > MIN_SKELETON && CLITIC_CLASSES.has(skeleton[0]!);
      k++
    ) {
      skeleton = skeleton.slice(1);
      skeletons.add(skeleton);
    }
  }
  return [...skeletons];
}

/** The skeleton keys of an Arabizi word (for tests and the finding's explanation). */
export function arabiziSkeletons(word: string): string[] {
  if (!ARABIZI_DIGIT.test(word) || !/[a-z]/.test(word)) return [];
  return wordSkeletons(word, true).filter((s) => s.length >= MIN_SKELETON);
}

/**
 * Arabizi without digits ("sharmouta", "ya kalb", "manyok"): the consonant skeleton alone would
 * read English words as Arabic ("club" is كلب), so a window of plain Latin words must also
 * follow the term's **vowel structure**, a pattern generated from its Arabic spelling: each
 * letter by the Latin spellings Arabizi writers use (ش sh/ch/s, ح h/7, ق q/k/g/2/8/9 …), long
 * vowels where the term has ا و ي (ا a/aa/e; و ou/oo/o/u/w; ي i/ee/e/y), at most one short vowel
 * between other letters, ة as a final a/ah/e/et. Only terms distinctive enough get a pattern:
 * one word of five letters or more (شرموطة، منيوك), or a phrase of two words or more ("يا كلب").
 */
const PLAIN_LETTERS: Record<string, string> = {
  ب: 'b|p',
  ت: 't',
  ث: 'th|t|s',
  ج: 'j|g|dj|dg',
  ح: 'h|7',
  خ: 'kh|x|h|5',
  د: 'd',
  ذ: 'dh|z|d|th',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh|ch|sch|s',
  ص: 's|9',
  ض: 'd|dh',
  ط: 't|6',
  ظ: 'z|dh|th',
  ع: "3|'|a|e|i|o|u",
  غ: 'gh|g|r',
  ف: 'f|ph|v',
  ق: 'q|k|g|2|8|9',
  ك: 'k|c|ck|q',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
};
const LONG_VOWELS: Record<string, { start: string; inside: string }> = {
  ا: { start: 'a|e|i|o|u', inside: 'a|aa|e' },
  و: { start: 'w|ou|o|u', inside: 'ou|oo|o|u|w|ow' },
  ي: { start: 'y|i|e', inside: 'i|ee|ii|e|y|ey|ie|ai|ay' },
};
const SHORT_VOWEL = '[aeiou]?';
const MIN_PLAIN_LETTERS = 5;

/** The term's words as plain Arabizi reads them: folded, article and final ة set apart. */
function plainWords(term: string): { word: string; taMarbuta: boolean }[] | null {
  const words: { word: string; taMarbuta: boolean }[] = [];
  for (const raw of term.trim().split(/\s+/u)) {
    const taMarbuta = /[\u0629\u06c3]$/u.test(raw);
    let word = normalize(raw).text.replace(/[^\u0621-\u064a]/gu, '');
    if (word === 'ال') continue;
    if (word.length > 4 && word.startsWith('ال')) word = word.slice(2);
    if (taMarbuta) word = word.slice(0, -1);
    if (word.length === 0) return null;
    words.push({ word, taMarbuta });
  }
  return words;
}

/** One word of five letters or more, or a phrase: distinctive enough to read without digits. */
function plainEligible(term: string): boolean {
  const words = plainWords(term);
  if (!words || words.length === 0) return false;
  return words.length > 1 || words[0]!.word.length >= MIN_PLAIN_LETTERS;
}

/** The word patterns a plain (digit-free) Arabizi window must match, or null for terms too short to risk it. */
export function plainArabiziPatterns(term: string): RegExp[] | null {
  if (!plainEligible(term)) return null;
  const words: string[] = [];
  for (const { word, taMarbuta } of plainWords(term)!) {
    let pattern = '';
    for (let i = 0; i < word.length; i++) {
      const ch = word[i]!;
      const vowel = LONG_VOWELS[ch];
      const part = vowel
        ? `(?:${i === 0 ? vowel.start : vowel.inside})`
        : ch === 'ء'
          ? "(?:'|2)?"
          : ch === 'ه' && i === word.length - 1 && i > 0
            ? '(?:h|a|ah|e|eh|o|u)?'
            : PLAIN_LETTERS[ch]
              ? `(?:${PLAIN_LETTERS[ch]})+`
              : undefined;
      if (part === undefined) return null;
      // A short vowel Arabic does not write, between two letters neither of which is ا.
      if (i > 0 && ch !== 'ا' && word[i - 1] !== 'ا') pattern += SHORT_VOWEL;
      pattern += part;
    }
    if (taMarbuta) pattern += '(?:a|ah|e|eh|et|at|it)?';
    words.push(pattern);
  }
  return words.map((w) => new RegExp(`^${w}$`));
}

/** Patterns per indexed term, built on first use (most terms are never looked at). */
const plainCache = new WeakMap<IndexedTerm, RegExp[] | null>();

function plainPatternsOf(term: IndexedTerm): RegExp[] | null {
  let patterns = plainCache.get(term);
  if (patterns === undefined) {
    patterns = plainArabiziPatterns(term.term);
    plainCache.set(term, patterns);
  }
  return patterns;
}

interface Token {
  start: number;
  end: number;
  text: string;
  arabizi: boolean;
}

/**
 * Arabizi words and phrases of the comment whose skeleton key is that of an Arabic term. A
 * window of up to MAX_PHRASE_WORDS words is read only when one of its words mixes Latin
 * letters with an Arabizi digit.
 */
export function findArabizi(
  normalized: NormalizedText,
  index: ReadonlyMap<string, IndexedTerm[]>,
  plainPrefixes: ReadonlySet<string> = new Set(),
): TermMatch[] {
  const { text, classes } = normalized;
  const digits = classes.includes(DIGIT);
  if (!digits && (plainPrefixes.size === 0 || !LATIN_LETTER.test(text))) return [];
  const tokens: Token[] = [];
  for (let i = 0; i < text.length;) {
    if (classes[i] !== LETTER && classes[i] !== DIGIT) {
      i++;
      continue;
    }
    let j = i;
    while (
      j < text.length &&
      (classes[j] === LETTER || classes[j] === DIGIT || (text[j] === "'" && j > i))
    )
      j++;
    const word = text.slice(i, j);
    const arabizi = ARABIZI_DIGIT.test(word) && /[a-z]/.test(word);
    if (!ARTICLES.has(word)) tokens.push({ start: i, end: j, text: word, arabizi });
    i = j;
  }
  // Skeletons of each token, as the first word of a window and as a later one: computed once.
  const skeletons: [string[] | undefined, string[] | undefined][] = tokens.map(() => [
    undefined,
    undefined,
  ]);
  const skeletonsOf = (t: number, first: boolean) =>
    (skeletons[t]![first ? 0 : 1] ??= wordSkeletons(tokens[t]!.text, first));
  const matches: TermMatch[] = [];
  const seen = new Set<string>();
  for (let t = 0; t < tokens.length; t++) {
    if (!LATIN_WORD.test(tokens[t]!.text)) continue;
    // A window without an Arabizi digit can only match a term with a plain pattern: follow
    // only the skeleton keys that begin one (most English words begin none).
    let digitAhead = false;
    for (let k = 0; k < MAX_PHRASE_WORDS && t + k < tokens.length; k++)
      digitAhead ||= tokens[t + k]!.arabizi;
    if (!digitAhead && plainPrefixes.size === 0) continue;
    let keys = [''];
    let arabizi = false;
    for (let k = 0; k < MAX_PHRASE_WORDS && t + k < tokens.length; k++) {
      const token = tokens[t + k]!;
      if (!LATIN_WORD.test(token.text)) break;
      const options = skeletonsOf(t + k, k === 0);
      if (options.length === 0) break;
      arabizi ||= token.arabizi;
      let next: string[] = [];
      for (const key of keys)
        for (const option of options) next.push(k === 0 ? option : `${key}|${option}`);
      if (!digitAhead) next = next.filter((key) => plainPrefixes.has(key));
      if (next.length === 0) break;
      keys = next.slice(0, MAX_VARIANTS * 4);
      for (const key of keys) {
        if (key.replaceAll('|', '').length < MIN_SKELETON) continue;
        for (const term of index.get(key) ?? []) {
          // Without an Arabizi digit, the words must also follow the term's vowels.
          if (!arabizi && !plainMatch(term, tokens, t, k)) continue;
          const id = `${term.list}\u0000${term.term}\u0000${t}`;
          if (seen.has(id)) continue;
          seen.add(id);
          matches.push({
            term,
            start: tokens[t]!.start,
            end: token.end,
            clitic: '',
            suffix: '',
            spaced: false,
            leet: false,
            masked: 0,
          });
        }
      }
    }
  }
  return matches;
}

/**
 * The skeleton key prefixes ("Hmr", "|klb" → "", "|klb") of a term that may match in plain
 * Latin letters (see `plainArabiziPatterns`), for the compiled policy's gate; [] for the rest.
 */
export function plainArabiziPrefixes(term: string, skeleton: string): string[] {
  if (!plainEligible(term)) return [];
  const words = skeleton.split('|');
  return words.map((_, i) => words.slice(0, i + 1).join('|'));
}

/** Tokens t..t+k, all plain Latin, spell the term word for word as its pattern says. */
function plainMatch(term: IndexedTerm, tokens: Token[], t: number, k: number): boolean {
  const patterns = plainPatternsOf(term);
  if (!patterns || patterns.length !== k + 1) return false;
  for (let i = 0; i <= k; i++) if (!patterns[i]!.test(tokens[t + i]!.text)) return false;
  return true;
}
