import { SPACE } from '../normalize/fold-table.ts';

/** The spelling conventions the term walk reads through: Arabic clitics, leetspeak, masks. */

/** Folded Arabic clitics that may precede a word: و ف (and), ب ك ل (with, like, for), ال (the). */
export const CLITIC_CHAINS: ReadonlySet<string> = (() => {
  const chains = new Set<string>();
  for (const conjunction of ['', 'و', 'ف']) {
    for (const preposition of ['', 'ب', 'ك', 'ل']) {
      for (const article of ['', 'ال']) {
        // ل + ال is written لل.
        const chain =
          preposition === 'ل' && article === 'ال'
            ? `${conjunction}لل`
            : conjunction + preposition + article;
        if (chain) chains.add(chain);
      }
    }
  }
  return chains;
})();
export const MAX_CLITIC = Math.max(...[...CLITIC_CHAINS].map((c) => c.length));

/** Digits and symbols read as letters inside Latin words (each may stand for several). */
export const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'il',
  '2': 'z',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'gb',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'ao',
  $: 's',
  '!': 'il',
  '|': 'li',
  '€': 'e',
  '£': 'l',
  '+': 't',
  v: 'u', // "fvck"
};
export const LEET_UNITS: (number[] | undefined)[] = new Array(0x10000);
for (const [from, to] of Object.entries(LEET))
  LEET_UNITS[from.charCodeAt(0)] = [...to].map((c) => c.charCodeAt(0));
/** Symbols that, like a Latin letter, make a chunk of text a candidate for leetspeak ("5*!+"). */
export const LEET_ANCHORS = new Set(
  ['@', '$', '|', '€', '£', '!', '+', '*', '#'].map((c) => c.charCodeAt(0)),
);

/** Characters that hide a letter ("f*ck", "sh#t"). */
export const MASKS = new Set([0x2a, 0x23]);

/**
 * Marks the characters of white-space-separated chunks that hold a Latin letter or a leet
 * symbol, or are one or two characters long ("4" for "a" in "s0n 0f 4 b1tch"). Plain
 * numbers ("455", "2026") stay numbers.
 */
export function leetChunks(text: string, classes: Uint8Array): Uint8Array | undefined {
  let marks: Uint8Array | undefined;
  let chunkStart = 0;
  let anchored = false;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || classes[i] === SPACE) {
      if (anchored || (i - chunkStart > 0 && i - chunkStart <= 2)) {
        marks ??= new Uint8Array(text.length);
        marks.fill(1, chunkStart, i);
      }
      chunkStart = i + 1;
      anchored = false;
      continue;
    }
    const unit = text.charCodeAt(i);
    if ((unit >= 0x61 && unit <= 0x7a) || LEET_ANCHORS.has(unit)) anchored = true;
  }
  return marks;
}
