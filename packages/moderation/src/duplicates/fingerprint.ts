import { DIGIT, LETTER } from '../normalize/fold-table.ts';
import { normalize, type NormalizedText } from '../normalize/normalize.ts';

/** Characters per shingle: long enough to carry word order, short enough to survive small edits. */
const SHINGLE = 4;

/**
 * The folded words of a text, one space apart, nothing else: the view that fingerprints and
 * length checks read, so re-spelling, diacritics, punctuation and spacing change nothing.
 */
export function wordView(normalized: NormalizedText): string {
  const { text, classes } = normalized;
  let view = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const cls = classes[i];
    if (cls === LETTER || cls === DIGIT) {
      if (pendingSpace && view.length > 0) view += ' ';
      pendingSpace = false;
      view += text[i];
    } else pendingSpace = true;
  }
  return view;
}

/**
 * A 64-bit SimHash of the text, as 16 hex digits: the folded words (see `normalize`) are cut
 * into overlapping 4-character shingles, each hashed to 64 bits, and bit i of the fingerprint
 * is set when most shingles (counted with repeats) set it. Texts that differ by a few words
 * differ in a few bits (`hammingDistance`); unrelated texts differ in about 32. Accepts the raw
 * body: it folds it first, so the same words written differently give the same fingerprint.
 */
export function fingerprint(body: string): string {
  const view = wordView(normalize(body));
  // Set bits counted per position; a bit wins its vote when set in more than half the shingles
  // (ones - zeros > 0), without a branch per bit (the worker runs this for every comment).
  const ones = new Int32Array(64);
  let shingles = 0;
  const vote = (start: number, end: number) => {
    const hi = hash32(view, start, end, 0x9747b28c);
    const lo = hash32(view, start, end, 0x5bd1e995);
    for (let bit = 0; bit < 32; bit++) {
      ones[bit]! += (hi >>> bit) & 1;
      ones[bit + 32]! += (lo >>> bit) & 1;
    }
    shingles++;
  };
  if (view.length <= SHINGLE) {
    if (view.length > 0) vote(0, view.length);
  } else for (let i = 0; i + SHINGLE <= view.length; i++) vote(i, i + SHINGLE);
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (2 * ones[bit]! > shingles) hi |= 1 << bit;
    if (2 * ones[bit + 32]! > shingles) lo |= 1 << bit;
  }
  return hex8(hi) + hex8(lo);
}

/** Bits in which two fingerprints differ (0–64). Throws on something that is not a fingerprint. */
export function hammingDistance(a: string, b: string): number {
  if (!FINGERPRINT.test(a) || !FINGERPRINT.test(b))
    throw new Error('a fingerprint is 16 hexadecimal digits');
  return (
    popcount(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) +
    popcount(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16))
  );
}

const FINGERPRINT = /^[0-9a-f]{16}$/;

function hex8(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

function popcount(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** MurmurHash3-style 32-bit hash of text[start, end) (UTF-16 units), with a seed. */
function hash32(text: string, start: number, end: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= end - start;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
