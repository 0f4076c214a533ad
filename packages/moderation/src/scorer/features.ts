import { DIGIT, LETTER } from '../normalize/fold-table.ts';
import type { NormalizedText } from '../normalize/normalize.ts';

/**
 * Which features a model reads from a comment, all hashed into one table of 2^hashBits weights:
 * character n-grams of `charMin`…`charMax` letters over the folded text (words separated by
 * one space, so "ك " marks a word end), and word n-grams up to `wordMax` words.
 */
export interface FeatureSettings {
  hashBits: number;
  charMin: number;
  charMax: number;
  /** 0: no word features; 1: words; 2: words and pairs of neighbouring words. */
  wordMax: number;
  /** Keep symbols and emoji as characters of the n-grams (true), or read them as spaces. */
  symbols: boolean;
}

/** The largest character n-gram a model may use (the rolling hashes live in fixed slots). */
export const MAX_CHAR_GRAM = 8;

const SPACE_UNIT = 0x20;
// Multipliers of the rolling hashes (odd, so each step is a bijection of 32-bit integers).
const CHAR_MUL = 0x9e3779b1;
const WORD_MUL = 0x85ebca77;
const PAIR_MUL = 0xc2b2ae3d;
const CHAR_SEED = 0x27d4eb2f;
const WORD_SEED = 0x165667b1;
const UNIGRAM_SALT = 0x3c6ef372;
const BIGRAM_SALT = 0x7f4a7c15;

/** Scratch space reused across calls: extraction is synchronous, so no call sees another's. */
let indices = new Int32Array(4096);
let starts = new Int32Array(4096);
let ends = new Int32Array(4096);
const rolling = new Int32Array(MAX_CHAR_GRAM + 1);
const viewAt = new Int32Array(MAX_CHAR_GRAM + 1);

/** The features of one comment: `count` entries of `indices` (and positions when asked for). */
export interface Extracted {
  count: number;
  /** Hash bucket of each feature occurrence. Valid until the next extraction. */
  indices: Int32Array;
  /** Normalized-text range [starts[k], ends[k]) of each occurrence, when positions were asked for. */
  starts: Int32Array;
  ends: Int32Array;
}

function finish(hash: number, shift: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return Math.imul(h, 0x846ca68b) >>> shift;
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
 * Hashes the features of a normalized comment into buckets of the weight table. With
 * `positions`, also records where in the normalized text each feature lies, to explain a score.
 * Cost: about (charMax − charMin + 1 + wordMax) hash steps per character; no strings are built.
 */
export function extractFeatures(normalized: NormalizedText, settings: FeatureSettings, positions = false): Extracted {
  const { text, classes } = normalized;
  const n = text.length;
  const { charMin, charMax, wordMax, symbols } = settings;
  const shift = 32 - settings.hashBits;
  // Upper bound: every view character starts one n-gram per length, plus two word features.
  ensure((n + 2) * (charMax - charMin + 1) + 2 * n + 8);
  const out = indices;
  let count = 0;
  rolling.fill(0);
  let seen = 0; // view characters so far
  let previousUnit = -1;
  let wordHash = WORD_SEED;
  let wordLength = 0;
  let wordStart = 0;
  let previousWord = 0;
  let previousWordStart = -1;
  let hasPreviousWord = false;

  // The view: letters and digits (and symbols when asked for), runs of anything else as one
  // space, with a space before the first and after the last character.
  for (let i = -1; i <= n; i++) {
    let unit: number;
    if (i < 0 || i === n) unit = SPACE_UNIT;
    else {
      unit = text.charCodeAt(i);
      const cls = classes[i]!;
      if (cls !== LETTER && cls !== DIGIT && !(symbols && cls !== 3 && unit !== SPACE_UNIT)) unit = SPACE_UNIT;
    }
    if (unit === SPACE_UNIT && previousUnit === SPACE_UNIT) continue;
    previousUnit = unit;
    const position = i < 0 ? 0 : i;

    // Character n-grams ending here: the n-gram of length k extends the one of length k−1
    // that ended one character earlier.
    for (let k = charMax; k >= 2; k--) rolling[k] = Math.imul(rolling[k - 1]! ^ unit, CHAR_MUL);
    rolling[1] = Math.imul(CHAR_SEED ^ unit, CHAR_MUL);
    if (positions) {
      for (let k = charMax; k >= 1; k--) viewAt[k] = viewAt[k - 1]!;
      viewAt[0] = position;
    }
    seen++;
    const longest = seen < charMax ? seen : charMax;
    for (let k = charMin; k <= longest; k++) {
      // A lone space is not a feature.
      if (k === 1 && unit === SPACE_UNIT) continue;
      if (positions) {
        starts[count] = viewAt[k - 1]!;
        ends[count] = i < 0 ? 0 : i === n ? n : i + 1;
      }
      out[count++] = finish(rolling[k]! + k, shift);
    }

    if (wordMax === 0) continue;
    const isWordUnit = unit !== SPACE_UNIT && (i >= 0 && i < n ? classes[i] === LETTER || classes[i] === DIGIT : false);
    if (isWordUnit) {
      if (wordLength === 0) wordStart = position;
      wordHash = Math.imul(wordHash ^ unit, WORD_MUL);
      wordLength++;
    } else if (wordLength > 0) {
      if (positions) {
        starts[count] = wordStart;
        ends[count] = position;
      }
      out[count++] = finish(wordHash ^ UNIGRAM_SALT, shift);
      if (wordMax >= 2 && hasPreviousWord) {
        if (positions) {
          starts[count] = previousWordStart;
          ends[count] = position;
        }
        out[count++] = finish(Math.imul(previousWord, PAIR_MUL) ^ wordHash ^ BIGRAM_SALT, shift);
      }
      previousWord = wordHash;
      previousWordStart = wordStart;
      hasPreviousWord = true;
      wordHash = WORD_SEED;
      wordLength = 0;
    }
  }
  return { count, indices: out, starts, ends };
}
