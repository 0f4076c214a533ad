import type { Span } from '../types.ts';
import { classOf, foldOf, foldSingle, FOLD_GONE, FOLD_MANY, LETTER } from './fold-table.ts';

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
  /** Character class of each position (letter, digit, space, other), for word boundaries. */
  classes: Uint8Array;
}

/** A letter repeated this many times or more is elongation, not spelling. */
const ELONGATION_RUN = 3;

/**
 * Folds `text` for matching: NFKC compatibility forms, no zero-width or bidi controls, no
 * tashkeel or tatweel, Arabic letter variants and digits unified, Latin lower-cased without
 * accents, Cyrillic/Greek look-alikes read as Latin, and letters repeated three or more times
 * collapsed to one. Every position maps back to its span of the original text.
 */
export function normalize(text: string): NormalizedText {
  const out = new Output(text.length + 16);
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const single = cp > 0xffff ? FOLD_MANY : foldSingle(cp);
    if (single >= 0) {
      out.push(single, i, i + width);
    } else if (single !== FOLD_GONE) {
      const folded = foldOf(cp);
      for (let k = 0; k < folded.length; k++) out.push(folded.charCodeAt(k), i, i + width);
    }
    i += width;
  }
  return out.finish();
}

/** Growable parallel arrays for the normalized text, collapsing elongation as units arrive. */
class Output {
  private units: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private elongated: Uint8Array;
  private classes: Uint8Array;
  private n = 0;
  // The current run of one repeated letter: its unit, its length in the original, its position.
  private runUnit = -1;
  private runLength = 0;
  private runFirst = -1;

  constructor(private capacity: number) {
    this.units = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.elongated = new Uint8Array(capacity);
    this.classes = new Uint8Array(capacity);
  }

  push(unit: number, start: number, end: number): void {
    if (unit === this.runUnit) {
      if (this.classes[this.runFirst] === LETTER) {
        this.runLength++;
        if (this.runLength === ELONGATION_RUN) {
          // Third repeat: the second copy joins the first, which now stands for the whole run.
          this.n--;
          this.elongated[this.runFirst] = 1;
        }
        if (this.runLength >= ELONGATION_RUN) {
          this.ends[this.runFirst] = end;
          return;
        }
      }
    } else {
      this.runUnit = unit;
      this.runLength = 1;
      this.runFirst = this.n;
    }
    if (this.n === this.capacity) this.grow();
    const n = this.n++;
    this.units[n] = unit;
    this.starts[n] = start;
    this.ends[n] = end;
    this.elongated[n] = 0;
    this.classes[n] = classOf(unit);
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Uint16Array | Int32Array | Uint8Array>(
      array: T,
      make: (n: number) => T,
    ): T => {
      const bigger = make(this.capacity);
      bigger.set(array);
      return bigger;
    };
    this.units = grow(this.units, (n) => new Uint16Array(n));
    this.starts = grow(this.starts, (n) => new Int32Array(n));
    this.ends = grow(this.ends, (n) => new Int32Array(n));
    this.elongated = grow(this.elongated, (n) => new Uint8Array(n));
    this.classes = grow(this.classes, (n) => new Uint8Array(n));
  }

  finish(): NormalizedText {
    const n = this.n;
    let text = '';
    for (let i = 0; i < n; i += 8192) {
      text += String.fromCharCode.apply(
        null,
        this.units.subarray(i, Math.min(n, i + 8192)) as unknown as number[],
      );
    }
    return {
      text,
      starts: this.starts.subarray(0, n),
      ends: this.ends.subarray(0, n),
      elongated: this.elongated.subarray(0, n),
      classes: this.classes.subarray(0, n),
    };
  }
}

/** The span of the original text behind normalized positions [start, end). */
export function originalSpan(
  normalized: NormalizedText,
  original: string,
  start: number,
  end: number,
): Span {
  const from = normalized.starts[start] ?? original.length;
  const to = end > start ? normalized.ends[end - 1]! : from;
  return { start: from, end: to, text: original.slice(from, to) };
}
