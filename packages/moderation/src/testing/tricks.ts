/**
 * The spelling tricks people use to slip a word past a filter, as functions: the property
 * tests and the corpus builder apply them to banned words. Each takes the word and a source
 * of randomness in [0, 1), and returns the disguised word. Not part of the engine.
 */

export type Random = () => number;
export type Trick = (word: string, random: Random) => string;

/** A small seeded generator (mulberry32): the same seed gives the same tricks, run after run. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], random: Random): T =>
  items[Math.floor(random() * items.length)]!;
const isArabicLetter = (ch: string) => /[\u0621-\u064a]/u.test(ch);

/** Inserts `make()` between letters: after each letter with probability `rate`, at least once. */
function between(word: string, random: Random, make: () => string, rate = 0.5): string {
  const letters = [...word];
  if (letters.length < 2) return word;
  const forced = 1 + Math.floor(random() * (letters.length - 1));
  return letters
    .map((ch, i) =>
      i > 0 &&
      i < letters.length &&
      (i === forced || random() < rate) &&
      ch !== ' ' &&
      letters[i - 1] !== ' '
        ? make() + ch
        : ch,
    )
    .join('');
}

const HARAKAT = [
  '\u064e',
  '\u064f',
  '\u0650',
  '\u0651',
  '\u0652',
  '\u064b',
  '\u064c',
  '\u064d',
  '\u0670',
];
const INVISIBLES = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u00ad',
  '\ufeff',
  '\u2060',
  '\u202a',
  '\u202c',
  '\u2066',
  '\u2069',
  '\u061c',
];

/** Arabic presentation forms of each letter (isolated, initial, medial, final), found by NFKC. */
const PRESENTATION = (() => {
  const forms = new Map<string, string[]>();
  for (let cp = 0xfe70; cp <= 0xfefc; cp++) {
    const base = String.fromCodePoint(cp).normalize('NFKC');
    if (base.length === 1 && isArabicLetter(base))
      forms.set(base, [...(forms.get(base) ?? []), String.fromCodePoint(cp)]);
  }
  return forms;
})();

const ARABIC_VARIANTS: Record<string, string[]> = {
  ا: ['أ', 'إ', 'آ', 'ٱ'],
  ي: ['ى', 'ی', 'ئ'],
  ك: ['ک', 'ڪ'],
  ه: ['ہ', 'ھ', 'ە'],
  ة: ['ه', 'ۃ'],
  و: ['ؤ', 'ۆ'],
  ى: ['ي', 'ی'],
};

const LEET: Record<string, string[]> = {
  a: ['4', '@'],
  e: ['3'],
  i: ['1', '!'],
  o: ['0'],
  s: ['5', '$'],
  t: ['7', '+'],
  l: ['1', '|'],
  g: ['9'],
  b: ['8'],
};

const CONFUSABLE: Record<string, string[]> = {
  a: ['а', 'α'],
  c: ['с', 'ϲ'],
  e: ['е'],
  i: ['і', 'ι'],
  j: ['ј'],
  k: ['к', 'κ'],
  o: ['о', 'ο', 'օ'],
  p: ['р', 'ρ'],
  s: ['ѕ'],
  x: ['х', 'χ'],
  y: ['у'],
  h: ['һ'],
  d: ['ԁ'],
  n: ['η'],
  t: ['т', 'τ'],
  u: ['υ', 'ս'],
  b: ['в'],
  m: ['м'],
};

const ACCENTS: Record<string, string[]> = {
  a: ['à', 'á', 'â', 'ä', 'å', 'ā'],
  e: ['è', 'é', 'ê', 'ë', 'ē'],
  i: ['ì', 'í', 'î', 'ï'],
  o: ['ò', 'ó', 'ô', 'ö', 'õ'],
  u: ['ù', 'ú', 'û', 'ü'],
  c: ['ç', 'ć'],
  n: ['ñ'],
  s: ['ś', 'š'],
  y: ['ý', 'ÿ'],
  z: ['ž', 'ź'],
};

/** Replaces each character with one of its variants with probability `rate`, at least one when possible. */
function substitute(
  word: string,
  random: Random,
  table: Record<string, string[]>,
  rate = 0.5,
): string {
  const letters = [...word];
  const candidates = letters
    .map((ch, i) => (table[ch.toLowerCase()] ? i : -1))
    .filter((i) => i >= 0);
  if (candidates.length === 0) return word;
  const forced = pick(candidates, random);
  return letters
    .map((ch, i) =>
      table[ch.toLowerCase()] && (i === forced || random() < rate)
        ? pick(table[ch.toLowerCase()]!, random)
        : ch,
    )
    .join('');
}

export const ARABIC_TRICKS = {
  tashkeel: (w, r) =>
    [...w].map((ch) => (isArabicLetter(ch) && r() < 0.7 ? ch + pick(HARAKAT, r) : ch)).join(''),
  tatweel: (w, r) => between(w, r, () => 'ـ'.repeat(1 + Math.floor(r() * 5))),
  elongation: (w, r) => elongate(w, r),
  invisible: (w, r) => between(w, r, () => pick(INVISIBLES, r)),
  'letter-variants': (w, r) => substitute(w, r, ARABIC_VARIANTS),
  'presentation-forms': (w, r) =>
    [...w]
      .map((ch) => (PRESENTATION.has(ch) && r() < 0.8 ? pick(PRESENTATION.get(ch)!, r) : ch))
      .join(''),
  spaced: (w, r) => spaced(w, r),
  punctuated: (w, r) => punctuated(w, r, ['.', '-', '_', '/', '~', '،', '..']),
  masked: (w, r) => mask(w, r),
} satisfies Record<string, Trick>;

export const LATIN_TRICKS = {
  case: (w, r) => [...w].map((ch) => (r() < 0.5 ? ch.toUpperCase() : ch)).join(''),
  accents: (w, r) => substitute(w, r, ACCENTS),
  'combining-marks': (w, r) =>
    [...w]
      .map((ch) =>
        /[a-z]/i.test(ch) && r() < 0.5
          ? ch + pick(['\u0301', '\u0308', '\u0300', '\u0327', '\u0332'], r)
          : ch,
      )
      .join(''),
  leetspeak: (w, r) => leet(w, r),
  confusables: (w, r) => substitute(w, r, CONFUSABLE),
  fullwidth: (w) =>
    [...w]
      .map((ch) => (/[!-~]/.test(ch) ? String.fromCodePoint(ch.codePointAt(0)! + 0xfee0) : ch))
      .join(''),
  'math-letters': (w) =>
    [...w]
      .map((ch) =>
        /[a-z]/.test(ch) ? String.fromCodePoint(0x1d41a + ch.charCodeAt(0) - 0x61) : ch,
      )
      .join(''),
  elongation: (w, r) => elongate(w, r),
  invisible: (w, r) => between(w, r, () => pick(INVISIBLES, r)),
  spaced: (w, r) => spaced(w, r),
  punctuated: (w, r) => punctuated(w, r, ['.', '-', '_', '/', '~', '..']),
  masked: (w, r) => mask(w, r),
} satisfies Record<string, Trick>;

export type ArabicTrick = keyof typeof ARABIC_TRICKS;
export type LatinTrick = keyof typeof LATIN_TRICKS;

/** Tricks that put separators between letters: apply them after the others, one at a time. */
export const LAYOUT_TRICKS = new Set(['spaced', 'punctuated']);

/** Digits and symbols for some letters; a word never becomes a plain number ("455" is a number, not "ass"). */
function leet(word: string, random: Random): string {
  const out = substitute(word, random, LEET, 0.4);
  return /^[\d\s\p{M}]+$/u.test(out)
    ? substitute(word, random, { ...LEET, a: ['@'], s: ['$'], i: ['!'], l: ['|'] }, 0.4)
    : out;
}

function elongate(word: string, random: Random): string {
  const letters = [...word];
  const candidates = letters.map((ch, i) => (/\p{L}/u.test(ch) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return word;
  const at = pick(candidates, random);
  return letters.map((ch, i) => (i === at ? ch.repeat(3 + Math.floor(random() * 5)) : ch)).join('');
}

/** A letter with what is attached to it (marks, tatweel, invisible characters). */
const CLUSTER =
  /[^\p{M}\u0640\u200b-\u200f\u00ad\ufeff\u2060\u202a-\u202e\u2066-\u2069\u061c][\p{M}\u0640\u200b-\u200f\u00ad\ufeff\u2060\u202a-\u202e\u2066-\u2069\u061c]*/gsu;

/** Punctuation slipped between some letters of a word, never inside a letter's marks: "ki.ll", "ح-مار". */
function punctuated(word: string, random: Random, separators: string[]): string {
  return word
    .split(' ')
    .map((part) => {
      const clusters = part.match(CLUSTER) ?? [];
      if (clusters.length < 2) return part;
      const forced = 1 + Math.floor(random() * (clusters.length - 1));
      return clusters
        .map((c, i) =>
          i > 0 && (i === forced || random() < 0.4) ? pick(separators, random) + c : c,
        )
        .join('');
    })
    .join(' ');
}

/** Every letter apart: "k i l l", "ح . م . ا . ر". */
function spaced(word: string, random: Random): string {
  const separator = pick([' ', ' ', '  ', ' . ', '-', '.', ' - ', '_'], random);
  return word
    .split(' ')
    .map((part) => (part.match(CLUSTER) ?? []).join(separator))
    .join('   ');
}

/**
 * One or two inner letters hidden behind * or #, keeping at least two letters visible. Apply
 * it to the plain word, before the other tricks (a mask hides a letter, not a decoration).
 */
function mask(word: string, random: Random): string {
  const letters = [...word];
  const isLetter = (i: number) => /\p{L}/u.test(letters[i] ?? '') && letters[i] !== 'ـ';
  // Not the first letter of a word, and not one of a doubled pair ("ass" stays readable).
  const inner = letters
    .map((ch, i) =>
      i > 0 && isLetter(i) && isLetter(i - 1) && ch !== letters[i - 1] && ch !== letters[i + 1]
        ? i
        : -1,
    )
    .filter((i) => i >= 0);
  const letterCount = letters.filter((_, i) => isLetter(i)).length;
  if (inner.length === 0 || letterCount < 4) return word;
  const first = pick(inner, random);
  const second = letterCount >= 5 && random() < 0.5 ? pick(inner, random) : first;
  const symbol = pick(['*', '#'], random);
  return letters.map((ch, i) => (i === first || i === second ? symbol : ch)).join('');
}

/** Applies `names` in order (layout tricks last) and returns the disguised word. */
export function disguise(word: string, names: readonly string[], random: Random): string {
  const arabic = /[\u0600-\u06ff]/u.test(word);
  const table: Record<string, Trick> = arabic ? ARABIC_TRICKS : LATIN_TRICKS;
  const ordered = [
    ...names.filter((n) => n === 'masked'),
    ...names.filter((n) => n !== 'masked' && !LAYOUT_TRICKS.has(n)),
    ...names.filter((n) => LAYOUT_TRICKS.has(n)),
  ];
  // One layout trick at a time: a word is spaced out or punctuated, not both.
  let layoutDone = false;
  let out = word;
  for (const name of ordered) {
    const trick = table[name];
    if (!trick) continue;
    if (LAYOUT_TRICKS.has(name)) {
      if (layoutDone) continue;
      layoutDone = true;
    }
    out = trick(out, random);
  }
  return out;
}
