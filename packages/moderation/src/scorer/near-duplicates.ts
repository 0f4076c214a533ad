import { normalize } from '../normalize/normalize.ts';
import { DIGIT, LETTER } from '../normalize/fold-table.ts';

/** A pair of texts (by index) whose shingle sets overlap at least as much as asked. */
export interface NearDuplicate {
  a: number;
  b: number;
  jaccard: number;
}

/** The set of character k-grams of the folded text (letters and digits, words one space apart). */
export function shingles(text: string, k = 4): Set<string> {
  const normalized = normalize(text);
  let view = '';
  for (let i = 0; i < normalized.text.length; i++) {
    const cls = normalized.classes[i];
    const word = cls === LETTER || cls === DIGIT;
    if (word) view += normalized.text[i];
    else if (view.length > 0 && !view.endsWith(' ')) view += ' ';
  }
  view = view.trim();
  const out = new Set<string>();
  for (let i = 0; i + k <= view.length; i++) out.add(view.slice(i, i + k));
  if (out.size === 0 && view.length > 0) out.add(view);
  return out;
}

/**
 * Every pair of texts whose character-k-gram Jaccard similarity is at least `threshold`,
 * exactly, without comparing all pairs: prefix filtering. Shingles are ordered rarest first;
 * two sets with Jaccard ≥ t must share one of the first |A| − ⌈t·|A|⌉ + 1 shingles of each,
 * so only texts sharing such a shingle are compared.
 */
export function nearDuplicates(texts: readonly string[], threshold = 0.5, k = 4): NearDuplicate[] {
  const sets = texts.map((t) => shingles(t, k));
  const frequency = new Map<string, number>();
  for (const set of sets) for (const s of set) frequency.set(s, (frequency.get(s) ?? 0) + 1);
  const ordered = sets.map((set) =>
    [...set].sort((x, y) => frequency.get(x)! - frequency.get(y)! || (x < y ? -1 : x > y ? 1 : 0)),
  );
  const index = new Map<string, number[]>();
  const pairs: NearDuplicate[] = [];
  ordered.forEach((list, b) => {
    const prefix = list.length - Math.ceil(threshold * list.length) + 1;
    const candidates = new Set<number>();
    for (let i = 0; i < prefix && i < list.length; i++) {
      for (const a of index.get(list[i]!) ?? []) candidates.add(a);
    }
    for (const a of candidates) {
      let shared = 0;
      for (const s of sets[b]!) if (sets[a]!.has(s)) shared++;
      const jaccard = shared / (sets[a]!.size + sets[b]!.size - shared);
      if (jaccard >= threshold) pairs.push({ a, b, jaccard });
    }
    for (let i = 0; i < prefix && i < list.length; i++) {
      const postings = index.get(list[i]!);
      if (postings) postings.push(b);
      else index.set(list[i]!, [b]);
    }
  });
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}
