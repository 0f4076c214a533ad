/**
 * Builds the labelled corpus, packages/moderation/corpus/comments.jsonl, from the hand-written
 * comments in sources-*.ts: clean comments and traps as they are, abusive comments as they are
 * and disguised with every trick (one trick at a time, then random mixes), plus evasions typed
 * by hand. Deterministic: the same sources always give the same file.
 *
 *   node --import tsx packages/moderation/src/corpus/build-corpus.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ARABIC_TRICKS, disguise, LATIN_TRICKS, seeded } from '../testing/tricks.ts';
import { ARABIC_ABUSIVE, ARABIC_CLEAN, ARABIC_TRAPS, ARABIC_TYPED_EVASIONS } from './sources-ar.ts';
import {
  ENGLISH_ABUSIVE,
  ENGLISH_CLEAN,
  ENGLISH_TRAPS,
  ENGLISH_TYPED_EVASIONS,
  FRENCH_ABUSIVE,
  FRENCH_CLEAN,
  FRENCH_TRAPS,
  FRENCH_TYPED_EVASIONS,
} from './sources-latin.ts';

export type Lang = 'ar' | 'en' | 'fr';

/** One line of the corpus. */
export interface CorpusEntry {
  id: string;
  lang: Lang;
  /** clean: must be approved; abusive: holds a policy term as written; evasion: the term disguised. */
  label: 'clean' | 'abusive' | 'evasion';
  body: string;
  /** Clean comments that contain what a careless filter would flag. */
  trap?: true;
  /** The policy term an abusive comment or evasion must be caught with. */
  term?: string;
  /** How the term is disguised: a trick name, several joined by "+", or "none". */
  trick?: string;
  /** Written by a person rather than generated from a trick function. */
  typed?: true;
}

const lines = (block: string) =>
  block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const CLITICS = ['و', 'ف', 'ب', 'ل', 'ال', 'وال', 'فال', 'بال', 'لل', 'ول', 'وب'];

export function buildCorpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const random = seeded(20261124);
  const counters = new Map<string, number>();
  const add = (entry: Omit<CorpusEntry, 'id'>) => {
    const prefix = `${entry.lang}-${entry.label}`;
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    entries.push({ id: `${prefix}-${String(n).padStart(4, '0')}`, ...entry });
  };

  const clean: [Lang, string, string][] = [
    ['ar', ARABIC_CLEAN, ARABIC_TRAPS],
    ['en', ENGLISH_CLEAN, ENGLISH_TRAPS],
    ['fr', FRENCH_CLEAN, FRENCH_TRAPS],
  ];
  for (const [lang, plain, traps] of clean) {
    for (const body of lines(plain)) add({ lang, label: 'clean', body });
    for (const body of lines(traps)) add({ lang, label: 'clean', trap: true, body });
  }

  const abusive: [Lang, string, string][] = [
    ['ar', ARABIC_ABUSIVE, ARABIC_TYPED_EVASIONS],
    ['en', ENGLISH_ABUSIVE, ENGLISH_TYPED_EVASIONS],
    ['fr', FRENCH_ABUSIVE, FRENCH_TYPED_EVASIONS],
  ];
  for (const [lang, bases, typed] of abusive) {
    const tricks = Object.keys(lang === 'ar' ? ARABIC_TRICKS : LATIN_TRICKS);
    for (const line of lines(bases)) {
      const [term, body] = line.split('|') as [string, string];
      add({ lang, label: 'abusive', term, trick: 'none', body });
      const at = body.toLowerCase().indexOf(term.toLowerCase());
      if (at < 0) throw new Error(`"${term}" does not occur in "${body}"`);
      const written = body.slice(at, at + term.length);
      const variants: string[][] = tricks.map((t) => [t]);
      if (lang === 'ar' && !term.includes(' ') && [...term].length >= 3) variants.push(['clitic']);
      for (let k = 0; k < 3; k++) variants.push(tricks.filter(() => random() < 0.35).slice(0, 4));
      for (const variant of variants) {
        if (variant.length === 0) continue;
        let disguised = disguise(written, variant.filter((t) => t !== 'clitic'), random);
        if (variant.includes('clitic')) disguised = CLITICS[Math.floor(random() * CLITICS.length)] + disguised;
        if (disguised === written) continue; // the trick does not apply to this word
        add({ lang, label: 'evasion', term, trick: variant.join('+'), body: body.slice(0, at) + disguised + body.slice(at + term.length) });
      }
    }
    for (const line of lines(typed)) {
      const [term, trick, body] = line.split('|') as [string, string, string];
      add({ lang, label: 'evasion', term, trick, typed: true, body });
    }
  }
  return entries;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../../corpus/comments.jsonl', import.meta.url));
  const entries = buildCorpus();
  writeFileSync(target, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
  console.log(`wrote ${entries.length} comments to ${target}`);
}
