import type { Span } from '../types.ts';
import { classOf, foldOf, LETTER } from './fold-table.ts';

/**
 * The matching view of a comment. Position i of `text` came from the original characters
 * [starts[i], ends[i]); several positions may share one source (a ligature), and one position
 * may cover several sources (an elongated letter collapsed to one).
 */
export interface NormalizedText {
  /** Folded text: lower case, no invisible characters or diacritics, elongations collapsed. */
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 where the letter stood for three or more repeats in the original ("حماااار"). */
  elongated: Uint8Array;
}

const ASCII = Array.from({ length: 0x80 }, (_, cp) => String.fromCharCode(cp));

/** A letter repeated this many times or more is elongation, not spelling. */
const ELONGATION_RUN = 3;

/**
 * Folds `text` for matching: NFKC compatibility forms, no zero-width or bidi controls, no
 * tashkeel or tatweel, Arabic letter variants and digits unified, Latin lower-cased without
 * accents, Cyrillic/Greek look-alikes read as Latin, and letters repeated three or more times
 * collapsed to one. Every position maps back to its span of the original text.
 */
export function normalize(text: string): NormalizedText {
  let capacity = text.length + 16;
  let starts: Int32Array = new Int32Array(capacity);
  let ends: Int32Array = new Int32Array(capacity);
  let elongated: Uint8Array = new Uint8Array(capacity);
  const units: number[] = [];
  let n = 0;
  // The current run of one repeated letter: its unit, its length in the original, where it starts.
  let runUnit = -1;
  let runLength = 0;
  let runFirst = -1;

  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = cp > 0x20 && cp < 0x7f && !(cp >= 0x41 && cp <= 0x5a) ? ASCII[cp]! : foldOf(cp);
    for (let k = 0; k < folded.length; k++) {
      const unit = folded.charCodeAt(k);
      if (unit === runUnit && classOf(unit) === LETTER) {
        runLength++;
        if (runLength === ELONGATION_RUN) {
          // Third repeat: the second copy joins the first, which now stands for the whole run.
          n--;
          units.pop();
          elongated[runFirst] = 1;
        }
        if (runLength >= ELONGATION_RUN) {
          ends[runFirst] = i + width;
          continue;
        }
      } else {
        runUnit = unit;
        runLength = 1;
        runFirst = n;
      }
      if (n === capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        ends = grow(ends, capacity);
        const bigger = new Uint8Array(capacity);
        bigger.set(elongated);
        elongated = bigger;
      }
      units.push(unit);
      starts[n] = i;
      ends[n] = i + width;
      n++;
    }
    i += width;
  }
  return {
    text: unitsToString(units),
    starts: starts.subarray(0, n),
    ends: ends.subarray(0, n),
    elongated: elongated.subarray(0, n),
  };
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}

function unitsToString(units: number[]): string {
  let out = '';
  for (let i = 0; i < units.length; i += 4096) {
    out += String.fromCharCode(...units.slice(i, i + 4096));
  }
  return out;
}

/** The span of the original text behind normalized positions [start, end). */
export function originalSpan(normalized: NormalizedText, original: string, start: number, end: number): Span {
  const from = normalized.starts[start] ?? original.length;
  const to = end > start ? normalized.ends[end - 1]! : from;
  return { start: from, end: to, text: original.slice(from, to) };
}
