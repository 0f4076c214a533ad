import { DIGIT, LETTER, OTHER } from '../normalize/fold-table.ts';
import type { NormalizedText } from '../normalize/normalize.ts';

/**
 * Which features a model reads from a comment, all hashed into one table of 2^hashBits weights:
 * character n-grams of `charMin`…`charMax` characters over the folded text (letters and digits;
 * anything else reads as one space, so "ك " marks a word end), and word n-grams up to `wordMax`.
 */
export interface FeatureSettings {
  hashBits: number;
  charMin: number;
  charMax: number;
  /** 0: no word features; 1: words; 2: words and pairs of neighbouring words. */
  wordMax: number;
  /** Read punctuation, symbols and emoji as characters of the n-grams (else as spaces). */
  symbols: boolean;
}

/** The longest character n-gram (the rolling hashes are five local variables). */
export const MAX_CHAR_GRAM = 5;

/*
 * The hashing, shared by `extractFeatures` (training, explanations) and `sumFeatures` (the
 * engine's hot path), which must agree bucket for bucket: a test checks they do. The n-gram of
 * length k ending at a character extends the one of length k − 1 that ended one character
 * earlier: r_k = (r_{k−1} ^ unit) × M, so each character costs five multiplications.
 */
const SPACE_UNIT = 0x20;
const CHAR_MUL = 0x9e3779b1;
const CHAR_SEED = 0x27d4eb2f;
const WORD_MUL = 0x85ebca77;
const WORD_SEED = 0x165667b1;
const PAIR_MUL = 0xc2b2ae3d;
const UNIGRAM_SALT = 0x3c6ef372;
const BIGRAM_SALT = 0x7f4a7c15;
const FINAL_MUL = 0x846ca68b;

// Local copies of the character classes: the hot loop reads them as constants.
const LETTER_CLASS: number = LETTER;
const DIGIT_CLASS: number = DIGIT;
const OTHER_CLASS: number = OTHER;

/**
 * The unit a view character has: letters and digits as they are (and other non-space
 * characters when `symbols`), anything else a space. Negative: a character that is no letter
 * or digit (it ends a word).
 */
function viewUnit(text: string, classes: Uint8Array, i: number, symbols: boolean): number {
  const cls = classes[i];
  if (cls === LETTER_CLASS || cls === DIGIT_CLASS) return text.charCodeAt(i);
  return symbols && cls === OTHER_CLASS ? -text.charCodeAt(i) : SPACE_UNIT;
}

/** The features of one comment: `count` entries of `indices` (and positions when asked for). */
export interface Extracted {
  count: number;
  /** Hash bucket of each feature occurrence. Valid until the next extraction. */
  indices: Int32Array;
  /** Normalized-text range [starts[k], ends[k]) of each occurrence, when positions were asked for. */
  starts: Int32Array;
  ends: Int32Array;
}

// Scratch space reused across calls: extraction is synchronous, so no call sees another's.
let indices = new Int32Array(4096);
let starts = new Int32Array(4096);
let ends = new Int32Array(4096);

/** Writes occurrence `at`: its bucket and its range in the normalized text. */
function put(
  into: Extracted,
  at: number,
  hash: number,
  start: number,
  end: number,
  shift: number,
): void {
  const h = hash ^ (hash >>> 15);
  into.starts[at] = start;
  into.ends[at] = end;
  into.indices[at] = Math.imul(h, FINAL_MUL) >>> shift;
}

function ensure(capacity: number): void {
  if (capacity <= indices.length) return;
  let size = indices.length;
  while (size < capacity) size *= 2;
  indices = new Int32Array(size);
  starts = new Int32Array(size);
  ends = new Int32Array(size);
}

/**
 * Hashes the features of a normalized comment into buckets of the weight table, and records
 * where in the normalized text each lies (to explain a score, and to train).
 */
export function extractFeatures(normalized: NormalizedText, settings: FeatureSettings): Extracted {
  const { text, classes } = normalized;
  const n = text.length;
  const { charMin, charMax, wordMax, symbols } = settings;
  const shift = 32 - settings.hashBits;
  ensure((n + 2) * (charMax - charMin + 1) + 2 * n + 8);
  // Locals, not the module's scratch variables, in the loop: the compiler keeps them in registers.
  const out: Extracted = { count: 0, indices, starts, ends };
  let count = 0;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  let r5 = 0;
  // Normalized positions of the last five view characters, newest first.
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let p4 = 0;
  let seen = 0;
  let previousUnit = -1;
  let wordHash = WORD_SEED;
  let wordStart = -1;
  let previousWord = 0;
  let previousWordStart = -1;

  // A space before the first character and after the last, so word edges are n-grams too.
  for (let i = -1; i <= n; i++) {
    const view = i < 0 || i === n ? SPACE_UNIT : viewUnit(text, classes, i, symbols);
    const unit = view < 0 ? -view : view;
    if (unit === SPACE_UNIT && previousUnit === SPACE_UNIT) continue;
    previousUnit = unit;
    const position = i < 0 ? 0 : i;
    const end = i < 0 ? 0 : i === n ? n : i + 1;
    r5 = Math.imul(r4 ^ unit, CHAR_MUL);
    r4 = Math.imul(r3 ^ unit, CHAR_MUL);
    r3 = Math.imul(r2 ^ unit, CHAR_MUL);
    r2 = Math.imul(r1 ^ unit, CHAR_MUL);
    r1 = Math.imul(CHAR_SEED ^ unit, CHAR_MUL);
    p4 = p3;
    p3 = p2;
    p2 = p1;
    p1 = p0;
    p0 = position;
    seen++;
    if (charMin <= 1 && unit !== SPACE_UNIT) put(out, count++, r1, p0, end, shift);
    if (charMin <= 2 && charMax >= 2 && seen >= 2) put(out, count++, r2, p1, end, shift);
    if (charMin <= 3 && charMax >= 3 && seen >= 3) put(out, count++, r3, p2, end, shift);
    if (charMin <= 4 && charMax >= 4 && seen >= 4) put(out, count++, r4, p3, end, shift);
    if (charMax >= 5 && seen >= 5) put(out, count++, r5, p4, end, shift);

    if (wordMax === 0) continue;
    if (view !== SPACE_UNIT && view > 0) {
      if (wordStart < 0) wordStart = position;
      wordHash = Math.imul(wordHash ^ unit, WORD_MUL);
    } else if (wordStart >= 0) {
      put(out, count++, wordHash ^ UNIGRAM_SALT, wordStart, position, shift);
      if (wordMax >= 2 && previousWordStart >= 0) {
        put(
          out,
          count++,
          Math.imul(previousWord, PAIR_MUL) ^ wordHash ^ BIGRAM_SALT,
          previousWordStart,
          position,
          shift,
        );
      }
      previousWord = wordHash;
      previousWordStart = wordStart;
      wordHash = WORD_SEED;
      wordStart = -1;
    }
  }
  out.count = count;
  return out;
}

/**
 * The engine's hot path: the sum of the 8-bit codes of a comment's features divided by the
 * square root of their number, without storing them. Same buckets as `extractFeatures`.
 */
export function sumFeatures(
  normalized: NormalizedText,
  settings: FeatureSettings,
  codes: Int8Array,
): number {
  const { text, classes } = normalized;
  const n = text.length;
  const { charMin, charMax, wordMax, symbols } = settings;
  const shift = 32 - settings.hashBits;
  const use1 = charMin <= 1;
  const use2 = charMin <= 2 && charMax >= 2;
  const use3 = charMin <= 3 && charMax >= 3;
  const use4 = charMin <= 4 && charMax >= 4;
  const use5 = charMax >= 5;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  let r5 = 0;
  let h = 0;
  let sum = 0;
  let count = 0;
  let seen = 0;
  let previousUnit = -1;
  let wordHash = WORD_SEED;
  let inWord = false;
  let previousWord = 0;
  let hasPreviousWord = false;
  for (let i = -1; i <= n; i++) {
    const view = i < 0 || i === n ? SPACE_UNIT : viewUnit(text, classes, i, symbols);
    const unit = view < 0 ? -view : view;
    if (unit === SPACE_UNIT && previousUnit === SPACE_UNIT) continue;
    previousUnit = unit;
    r5 = Math.imul(r4 ^ unit, CHAR_MUL);
    r4 = Math.imul(r3 ^ unit, CHAR_MUL);
    r3 = Math.imul(r2 ^ unit, CHAR_MUL);
    r2 = Math.imul(r1 ^ unit, CHAR_MUL);
    r1 = Math.imul(CHAR_SEED ^ unit, CHAR_MUL);
    seen++;
    if (use1 && unit !== SPACE_UNIT) {
      sum += codes[Math.imul(r1 ^ (r1 >>> 15), FINAL_MUL) >>> shift]!;
      count++;
    }
    if (use2 && seen >= 2) {
      sum += codes[Math.imul(r2 ^ (r2 >>> 15), FINAL_MUL) >>> shift]!;
      count++;
    }
    if (use3 && seen >= 3) {
      sum += codes[Math.imul(r3 ^ (r3 >>> 15), FINAL_MUL) >>> shift]!;
      count++;
    }
    if (use4 && seen >= 4) {
      sum += codes[Math.imul(r4 ^ (r4 >>> 15), FINAL_MUL) >>> shift]!;
      count++;
    }
    if (use5 && seen >= 5) {
      sum += codes[Math.imul(r5 ^ (r5 >>> 15), FINAL_MUL) >>> shift]!;
      count++;
    }
    if (wordMax === 0) continue;
    if (view !== SPACE_UNIT && view > 0) {
      inWord = true;
      wordHash = Math.imul(wordHash ^ unit, WORD_MUL);
    } else if (inWord) {
      h = wordHash ^ UNIGRAM_SALT;
      sum += codes[Math.imul(h ^ (h >>> 15), FINAL_MUL) >>> shift]!;
      count++;
      if (wordMax >= 2 && hasPreviousWord) {
        h = Math.imul(previousWord, PAIR_MUL) ^ wordHash ^ BIGRAM_SALT;
        sum += codes[Math.imul(h ^ (h >>> 15), FINAL_MUL) >>> shift]!;
        count++;
      }
      previousWord = wordHash;
      hasPreviousWord = true;
      wordHash = WORD_SEED;
      inWord = false;
    }
  }
  return count === 0 ? 0 : sum / Math.sqrt(count);
}

/** The writing system of a comment, for per-script operating points. */
export type Script = 'arabic' | 'latin' | 'other';

/** Arabic when most letters are Arabic, Latin when most are Latin (a–z after folding), else other. */
export function scriptOf(normalized: NormalizedText): Script {
  const { text, classes } = normalized;
  let arabic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    if (classes[i] !== LETTER_CLASS) continue;
    const unit = text.charCodeAt(i);
    if (unit >= 0x0600 && unit <= 0x06ff) arabic++;
    else if (unit >= 0x61 && unit <= 0x7a) latin++;
  }
  if (arabic === 0 && latin === 0) return 'other';
  return arabic >= latin ? 'arabic' : 'latin';
}
