import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compilePolicy, moderate, parsePolicy } from '../index.ts';
import { CORPUS_DIR, readLabelledCorpus, readMeaningCorpus, scorerCorpus } from './corpus-files.ts';
import { nearDuplicates } from './near-duplicates.ts';
import { isEvaluation, stableHash } from './split.ts';

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
  }, 30_000);

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
    const corpus = scorerCorpus().filter((e) => e.source === 'meaning' && !e.trainOnly);
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

  test('comments in meaning/train/ always train, even when their id hashes to the evaluation split; the other files split by id as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meaning-'));
    try {
      mkdirSync(join(dir, 'train'));
      const ids = Array.from({ length: 100 }, (_, i) => `x-${i}`);
      const [evalId, newId, moreId] = ids.filter(isEvaluation) as [string, string, string];
      const trainId = ids.find((id) => !isEvaluation(id))!;
      const line = (id: string, body: string) =>
        JSON.stringify({
          id,
          lang: 'en',
          dialect: null,
          label: 'clean',
          category: 'ordinary',
          body,
        });
      writeFileSync(join(dir, 'old.jsonl'), `${line(evalId, 'one')}\n${line(trainId, 'two')}\n`);
      writeFileSync(join(dir, 'train', 'new.jsonl'), `${line(newId, 'three')}\n`);
      writeFileSync(join(dir, 'train', 'more.jsonl'), `${line(moreId, 'four')}\n`);
      const labelledFile = join(dir, 'labelled.jsonl');
      writeFileSync(labelledFile, '');

      expect(readMeaningCorpus(dir).map((r) => [r.file, r.line, r.trainOnly])).toEqual([
        ['old.jsonl', 1, false],
        ['old.jsonl', 2, false],
        ['train/more.jsonl', 1, true],
        ['train/new.jsonl', 1, true],
      ]);
      const split = scorerCorpus({ meaningDir: dir, labelledFile }).map((e) => [e.text, e.split]);
      expect(split).toEqual([
        ['one', 'eval'],
        ['two', 'train'],
        ['four', 'train'],
        ['three', 'train'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the evaluation split is exactly the one every published number was measured on (643 comments, same ids, labels and text)', () => {
    const evaluation = scorerCorpus().filter((e) => e.split === 'eval');
    const key = evaluation
      .map((e) => `${e.id}\t${e.label}\t${e.text}`)
      .sort()
      .join('\n');
    expect(evaluation.length).toBe(643);
    expect(stableHash(key).toString(16)).toBe('2ffa75d4');
  });
});
