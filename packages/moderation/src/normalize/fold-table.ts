/**
 * How each character folds for matching. The table is built lazily, one code point at a time,
 * and memoised: the same input always gives the same output, so the cache is not observable.
 */

/** Characters that are never seen by a reader and exist only to break words apart. */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || // soft hyphen
    cp === 0x034f || // combining grapheme joiner
    cp === 0x061c || // Arabic letter mark
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x3164 ||
    cp === 0xffa0 || // Hangul fillers, rendered blank
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) || // Mongolian selectors and vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM, RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x206f) || // word joiner, invisible operators, bidi isolates
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    cp === 0xfeff || // BOM / zero-width no-break space
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    (cp >= 0x1bca0 && cp <= 0x1bca3) ||
    (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe0fff) // tags and variation selectors supplement
  );
}

/** True when the text holds at least one character `isInvisible` names. */
export function hasInvisible(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (isInvisible(cp)) return true;
    if (cp > 0xffff) i++;
  }
  return false;
}

/** Diacritics that readers look through: tashkeel, Quranic marks, Latin/Greek/Hebrew accents. */
function isDroppedMark(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x0591 &&
      cp <= 0x05c7 &&
      cp !== 0x05be &&
      cp !== 0x05c0 &&
      cp !== 0x05c3 &&
      cp !== 0x05c6) ||
    (cp >= 0x0610 && cp <= 0x061a) ||
    (cp >= 0x064b && cp <= 0x065f) ||
    cp === 0x0640 || // tatweel
    cp === 0x0670 || // dagger alef
    cp === 0x0674 || // high hamza
    (cp >= 0x06d6 && cp <= 0x06ed && cp !== 0x06dd && cp !== 0x06de && cp !== 0x06e9) ||
    (cp >= 0x08d3 && cp <= 0x08ff && cp !== 0x08e2) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

const ARABIC_FOLD: Record<number, string> = {
  0x0671: 'ا',
  0x0672: 'ا',
  0x0673: 'ا',
  0x0675: 'ا', // alef wasla and hamza variants (أ إ آ decompose)
  0x0649: 'ي',
  0x06cc: 'ي',
  0x06cd: 'ي',
  0x06d0: 'ي',
  0x06d2: 'ي',
  0x06d1: 'ي', // alef maqsura, Persian/Urdu yeh
  0x0629: 'ه',
  0x06c1: 'ه',
  0x06c3: 'ه',
  0x06be: 'ه',
  0x06d5: 'ه',
  0x06c0: 'ه',
  0x06ff: 'ه', // ta marbuta, heh forms
  0x06a9: 'ك',
  0x06aa: 'ك',
  0x06ab: 'ك',
  0x06af: 'ك',
  0x06ac: 'ك',
  0x06ad: 'ك',
  0x06ae: 'ك', // keheh, gaf, swash kaf
  0x067e: 'ب',
  0x0686: 'ج',
  0x0698: 'ز',
  0x06a4: 'ف',
  0x06a8: 'ق',
  0x06a5: 'ف',
  0x06a2: 'ف', // Persian/Maghrebi letters
  0x06c6: 'و',
  0x06c7: 'و',
  0x06c8: 'و',
  0x06cb: 'و',
  0x06c5: 'و',
  0x06c9: 'و',
  0x0677: 'و',
  0x06cf: 'و',
  0x06ba: 'ن',
  0x06bb: 'ن',
  0x06b9: 'ن',
  0x0679: 'ت',
  0x067a: 'ت',
  0x067b: 'ب',
  0x0688: 'د',
  0x0691: 'ر',
  0x060c: ',',
  0x061b: ';',
  0x061f: '?',
  0x066a: '%',
  0x066b: '.',
  0x066c: ',',
  0x06d4: '.',
};

/** Look-alike letters from other scripts, folded to the Latin letter a reader would see. */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic (after lower-casing)
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  з: '3',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ь: 'b',
  ѵ: 'v',
  г: 'r',
  и: 'u',
  ш: 'w',
  ц: 'u',
  д: 'd',
  л: 'n',
  я: 'r',
  ү: 'y',
  ҫ: 'c',
  ӧ: 'o',
  є: 'e',
  ԍ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  ζ: 'z',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  ς: 'c',
  ɑ: 'a',
  ɡ: 'g',
  ɩ: 'i',
  ɪ: 'i',
  ʏ: 'y',
  ɴ: 'n',
  ʀ: 'r',
  // Armenian and other Latin-looking letters
  օ: 'o',
  ս: 'u',
  հ: 'h',
  ո: 'n',
  ց: 'g',
  ք: 'p',
  ı: 'i',
  ȷ: 'j',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŧ: 't',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
  ƅ: 'b',
  ɓ: 'b',
  ƈ: 'c',
  ɗ: 'd',
  ƒ: 'f',
  ɠ: 'g',
  ɦ: 'h',
  ƙ: 'k',
  ɱ: 'm',
  ɲ: 'n',
  ƥ: 'p',
  ʠ: 'q',
  ʂ: 's',
  ƭ: 't',
  ʋ: 'v',
  ⱳ: 'w',
  ƴ: 'y',
  ȥ: 'z',
  ɐ: 'a',
  ǝ: 'e',
};

const ARABIC_INDIC_ZERO = 0x0660;
const PERSIAN_ZERO = 0x06f0;

function foldCodePoint(cp: number): string {
  if (isInvisible(cp) || isDroppedMark(cp)) return '';
  if (cp >= ARABIC_INDIC_ZERO && cp <= ARABIC_INDIC_ZERO + 9) return String(cp - ARABIC_INDIC_ZERO);
  if (cp >= PERSIAN_ZERO && cp <= PERSIAN_ZERO + 9) return String(cp - PERSIAN_ZERO);
  const direct = ARABIC_FOLD[cp];
  if (direct !== undefined) return direct;
  // Lower-case first (so İ and ẞ fold), then compatibility-decompose (presentation forms,
  // fullwidth, ligatures, mathematical letters), then drop the marks the decomposition exposes.
  const decomposed = String.fromCodePoint(cp).toLowerCase().normalize('NFKD');
  let out = '';
  for (const ch of decomposed) {
    const c = ch.codePointAt(0)!;
    if (isInvisible(c) || isDroppedMark(c)) continue;
    if (c >= ARABIC_INDIC_ZERO && c <= ARABIC_INDIC_ZERO + 9) {
      out += String(c - ARABIC_INDIC_ZERO);
      continue;
    }
    const arabic = ARABIC_FOLD[c];
    if (arabic !== undefined) {
      out += arabic;
      continue;
    }
    const lower = ch.toLowerCase();
    const confusable = CONFUSABLES[lower];
    out += confusable ?? (/\s/u.test(lower) ? ' ' : lower);
  }
  return out;
}

const bmpCache: (string | undefined)[] = new Array(0x10000);
/** Per BMP unit: UNKNOWN, GONE, MANY (see foldOf), or the single unit it folds to. */
const bmpSingle = new Int32Array(0x10000).fill(-3);
export const FOLD_UNKNOWN = -3;
export const FOLD_GONE = -1;
export const FOLD_MANY = -2;

/**
 * The fold of a BMP code point as one number: the unit it folds to, FOLD_GONE when it
 * disappears, FOLD_MANY when it becomes several units (then call foldOf).
 */
export function foldSingle(cp: number): number {
  let single = bmpSingle[cp]!;
  if (single === FOLD_UNKNOWN) {
    const folded = foldOf(cp);
    single =
      folded.length === 0 ? FOLD_GONE : folded.length === 1 ? folded.charCodeAt(0) : FOLD_MANY;
    bmpSingle[cp] = single;
  }
  return single;
}
const astralCache = new Map<number, string>();

/** The folded form of one code point: '' when it disappears, often one character, sometimes more. */
export function foldOf(cp: number): string {
  if (cp < 0x10000) {
    let folded = bmpCache[cp];
    if (folded === undefined) {
      folded = foldCodePoint(cp);
      bmpCache[cp] = folded;
    }
    return folded;
  }
  let folded = astralCache.get(cp);
  if (folded === undefined) {
    folded = foldCodePoint(cp);
    astralCache.set(cp, folded);
  }
  return folded;
}

/** Character classes of the folded text, used to find word boundaries. */
export const LETTER = 1;
export const DIGIT = 2;
export const SPACE = 3;
export const OTHER = 4;
export type CharClass = typeof LETTER | typeof DIGIT | typeof SPACE | typeof OTHER;

const classCache = new Uint8Array(0x10000);

/** Class of one folded UTF-16 unit (surrogates count as Other: emoji and rare symbols). */
export function classOf(unit: number): CharClass {
  let cls = classCache[unit]!;
  if (cls === 0) {
    const ch = String.fromCharCode(unit);
    if (/[\p{L}\p{M}]/u.test(ch)) cls = LETTER;
    else if (/\p{Nd}/u.test(ch)) cls = DIGIT;
    else if (/\s/u.test(ch)) cls = SPACE;
    else cls = OTHER;
    classCache[unit] = cls;
  }
  return cls as CharClass;
}
