import { DIGIT, LETTER } from '../normalize/fold-table.ts';
import { normalize, type NormalizedText } from '../normalize/normalize.ts';
import type { TermMatch } from './find-terms.ts';
import type { IndexedTerm } from './term-index.ts';

/**
 * Arabizi: Arabic written in Latin letters and digits ("7mar" for حمار, "3ayb" for عيب).
 * Spellings vary too much to list, so both sides are reduced to a consonant skeleton: vowels
 * (and و ي, which Arabizi writes as vowels) dropped, sounds that Arabizi writers confuse merged
 * into one class. A word of the comment matches when its skeleton equals a term's.
 *
 * Only words that mix Latin letters with the digits Arabizi uses for Arabic sounds (2 3 5 6 7
 * 8 9) are read this way, and only skeletons of three consonants or more count: a plain Latin
 * word like "club" has the skeleton of كلب, and must not be read as Arabic.
 */

/** Class of each folded Arabic letter; '' drops it (long vowels, hamza, ta marbuta). */
const ARABIC_CLASS: Record<string, string> = {
  ا: '', ء: '', و: '', ي: '', ب: 'b', ت: 't', ث: 't', ج: 'j', ح: 'h', خ: 'x', د: 'd', ذ: 'd', ر: 'r',
  ز: 'z', س: 's', ش: 'c', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '3', غ: 'g', ف: 'f', ق: 'q', ك: 'k', ل: 'l',
  م: 'm', ن: 'n', ه: 'h',
};

/** Latin digraphs first, then single characters; several classes where writers disagree. */
const DIGRAPHS: Record<string, string[]> = {
  sh: ['c'], ch: ['c'], kh: ['x'], gh: ['g'], th: ['t', 'd'], dh: ['d', 'z'],
  "3'": ['g'], "7'": ['x'], "9'": ['d'], "6'": ['z'],
};
const LATIN_CLASS: Record<string, string[]> = {
  a: [''], e: [''], i: [''], o: [''], u: [''], y: [''], w: [''], "'": [''],
  b: ['b'], p: ['b'], t: ['t'], j: ['j'], g: ['j', 'g', 'q'], h: ['h'], '7': ['h'], '5': ['x'], x: ['x'],
  d: ['d'], r: ['r'], z: ['z'], s: ['s'], '9': ['s', 'q'], '6': ['t'], '3': ['3'], f: ['f'], v: ['f'],
  q: ['q'], k: ['k'], c: ['k'], '8': ['q', 'g'], '2': ['', 'q'], l: ['l'], m: ['m'], n: ['n'],
};
const ARABIZI_DIGIT = /[2356789]/;
const MIN_SKELETON = 3;
/** Prefixes Arabizi attaches like the Arabic clitics: b(i)-, l(i)-, f(a)-, k(a)-, el-/al-. */
const CLITIC_CLASSES = new Set(['b', 'l', 'f', 'k']);
const MAX_VARIANTS = 16;

function squeeze(classes: string): string {
  let out = '';
  for (const c of classes) if (c !== out[out.length - 1]) out += c;
  return out;
}

/** The consonant skeleton of an Arabic term, or undefined when it has too few consonants. */
export function arabicSkeleton(term: string): string | undefined {
  // ة is a vowel in Arabizi ("sharmouta"): drop it before folding turns it into ه.
  const folded = normalize(term.replace(/[\u0629\u06c3]/gu, '')).text;
  let classes = '';
  for (const ch of folded) {
    const cls = ARABIC_CLASS[ch];
    if (cls === undefined) return undefined; // not a plain Arabic word (phrase, digits, Latin)
    classes += cls;
  }
  const skeleton = squeeze(classes);
  return skeleton.length >= MIN_SKELETON ? skeleton : undefined;
}

/** Every skeleton an Arabizi word may stand for (bounded), or [] when the word is not Arabizi. */
export function arabiziSkeletons(word: string): string[] {
  if (!ARABIZI_DIGIT.test(word) || !/[a-z]/.test(word)) return [];
  let variants = [''];
  for (let i = 0; i < word.length; ) {
    const two = word.slice(i, i + 2);
    const options = DIGRAPHS[two] ?? LATIN_CLASS[word[i]!];
    if (!options) return [];
    const width = DIGRAPHS[two] ? 2 : 1;
    const next: string[] = [];
    for (const variant of variants) for (const option of options) next.push(variant + option);
    variants = next.slice(0, MAX_VARIANTS);
    i += width;
  }
  const skeletons = new Set<string>();
  for (const variant of variants) {
    let skeleton = squeeze(variant);
    skeletons.add(skeleton);
    // Up to two attached prefixes: "b7mar", "el7mar", "bel7mar".
    for (let k = 0; k < 2 && skeleton.length > MIN_SKELETON && CLITIC_CLASSES.has(skeleton[0]!); k++) {
      skeleton = skeleton.slice(1);
      skeletons.add(skeleton);
    }
  }
  return [...skeletons].filter((s) => s.length >= MIN_SKELETON);
}

/** Arabizi words of the comment whose skeleton is that of an Arabic term. */
export function findArabizi(normalized: NormalizedText, index: ReadonlyMap<string, IndexedTerm[]>): TermMatch[] {
  const { text, classes } = normalized;
  const matches: TermMatch[] = [];
  for (let i = 0; i < text.length; ) {
    if (classes[i] !== LETTER && classes[i] !== DIGIT) {
      i++;
      continue;
    }
    let j = i;
    let hasDigit = false;
    while (j < text.length && (classes[j] === LETTER || classes[j] === DIGIT || (text[j] === "'" && j > i))) {
      if (classes[j] === DIGIT) hasDigit = true;
      j++;
    }
    if (hasDigit) {
      const seen = new Set<IndexedTerm>();
      for (const skeleton of arabiziSkeletons(text.slice(i, j))) {
        for (const term of index.get(skeleton) ?? []) {
          if (seen.has(term)) continue;
          seen.add(term);
          matches.push({ term, start: i, end: j, clitic: '', suffix: '', spaced: false, leet: false, masked: 0 });
        }
      }
    }
    i = j;
  }
  return matches;
}
