import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compilePolicy, moderate, parsePolicy } from '../index.ts';
import { CORPUS_DIR, readLabelledCorpus, readMeaningCorpus, scorerCorpus } from './corpus-files.ts';
import { nearDuplicates } from './near-duplicates.ts';

const rows = readMeaningCorpus().map((r) => r.entry);
const now = new Date('2026-11-24T12:00:00Z');

describe('the meaning corpus', () => {
  test('every line is a valid comment with a unique id (the reader refuses a bad line, naming file and line)', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  test('it holds at least 2,000 comments, 1,200 of them Arabic across MSA and four dialects', () => {
    const arabic = rows.filter((r) => r.lang === 'ar');
    const dialects = new Map<string, number>();
    for (const r of arabic)
      dialects.set(r.dialect ?? 'none', (dialects.get(r.dialect ?? 'none') ?? 0) + 1);
    console.log(
      `meaning corpus: ${rows.length} comments, ${arabic.length} Arabic`,
      Object.fromEntries(dialects),
    );
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    expect(arabic.length).toBeGreaterThanOrEqual(1200);
    for (const dialect of ['msa', 'levantine', 'egyptian', 'gulf', 'maghrebi']) {
      expect(dialects.get(dialect) ?? 0, dialect).toBeGreaterThanOrEqual(100);
    }
    for (const lang of ['ar', 'en', 'fr'] as const) {
      for (const label of ['abusive', 'clean'] as const) {
        expect(
          rows.filter((r) => r.lang === lang && r.label === label).length,
          `${lang} ${label}`,
        ).toBeGreaterThanOrEqual(150);
      }
    }
  });

  test('no two comments are near-duplicates (character 4-gram Jaccard ≥ 0.5 on the folded text), nor copies of the labelled corpus', () => {
    const labelled = readLabelledCorpus().filter((e) => e.label !== 'evasion');
    const texts = [...rows.map((r) => r.body), ...labelled.map((e) => e.body)];
    const name = (i: number) => (i < rows.length ? rows[i]!.id : labelled[i - rows.length]!.id);
    const pairs = nearDuplicates(texts, 0.5, 4).filter(
      (p) => p.a < rows.length || p.b < rows.length,
    );
    expect(pairs.map((p) => `${name(p.a)} ~ ${name(p.b)} (${p.jaccard.toFixed(2)})`)).toEqual([]);
  });

  test('no abusive comment contains a word the default policy lists: the scorer must find them by meaning', () => {
    const policy = compilePolicy(
      parsePolicy(JSON.parse(readFileSync(`${CORPUS_DIR}/policy.json`, 'utf8'))),
    );
    const listed = rows
      .filter((r) => r.label === 'abusive')
      .flatMap((r) =>
        moderate({ body: r.body }, policy, { now })
          .findings.filter((f) => f.rule === 'banned-words' || f.rule === 'suspect-words')
          .map((f) => `${r.id}: ${String(f.term)}`),
      );
    expect(listed).toEqual([]);
  });

  test('the evaluation split is about a quarter of every language and label, and the same on every run', () => {
    const corpus = scorerCorpus().filter((e) => e.source === 'meaning');
    for (const lang of ['ar', 'en', 'fr']) {
      for (const label of ['abusive', 'clean']) {
        const stratum = corpus.filter((e) => e.lang === lang && e.label === label);
        const share = stratum.filter((e) => e.split === 'eval').length / stratum.length;
        expect(share, `${lang} ${label}`).toBeGreaterThan(0.18);
        expect(share, `${lang} ${label}`).toBeLessThan(0.32);
      }
    }
    expect(scorerCorpus().map((e) => e.split)).toEqual(scorerCorpus().map((e) => e.split));
  });
});
