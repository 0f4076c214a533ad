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

/** Every skeleton a Latin word may stand for (bounded), or [] when it cannot be Arabizi. */
function wordSkeletons(word: string, first: boolean): string[] {
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
): TermMatch[] {
  const { text, classes } = normalized;
  if (!classes.includes(DIGIT)) return [];
  const tokens: Token[] = [];
  let anyArabizi = false;
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
    anyArabizi ||= arabizi;
    if (!ARTICLES.has(word)) tokens.push({ start: i, end: j, text: word, arabizi });
    i = j;
  }
  if (!anyArabizi) return [];
  const matches: TermMatch[] = [];
  const seen = new Set<string>();
  for (let t = 0; t < tokens.length; t++) {
    if (!/^[a-z0-9']+$/.test(tokens[t]!.text)) continue;
    let keys = [''];
    let arabizi = false;
    for (let k = 0; k < MAX_PHRASE_WORDS && t + k < tokens.length; k++) {
      const token = tokens[t + k]!;
      if (!/^[a-z0-9']+$/.test(token.text)) break;
      const options = wordSkeletons(token.text, k === 0);
      if (options.length === 0) break;
      arabizi ||= token.arabizi;
      const next: string[] = [];
      for (const key of keys)
        for (const option of options) next.push(k === 0 ? option : `${key}|${option}`);
      keys = next.slice(0, MAX_VARIANTS * 4);
      if (!arabizi) continue;
      for (const key of keys) {
        if (key.replaceAll('|', '').length < MIN_SKELETON) continue;
        for (const term of index.get(key) ?? []) {
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
