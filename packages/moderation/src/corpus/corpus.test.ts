import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compilePolicy, moderate, parsePolicy, type Decision } from '../index.ts';
import { buildCorpus, type CorpusEntry } from './build-corpus.ts';

const corpusDir = new URL('../../corpus/', import.meta.url);
const entries: CorpusEntry[] = readFileSync(new URL('comments.jsonl', corpusDir), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as CorpusEntry);
const compiled = compilePolicy(parsePolicy(JSON.parse(readFileSync(new URL('policy.json', corpusDir), 'utf8'))));
const now = new Date('2026-11-24T12:00:00Z');

const decided = entries.map((entry) => ({ entry, decision: moderate({ body: entry.body }, compiled, { now }) }));

/** Caught: the comment is not approved, and a word finding names the term it hides. */
function caught(entry: CorpusEntry, decision: Decision): boolean {
  return (
    decision.action !== 'approve' &&
    decision.findings.some((f) => (f.rule === 'banned-words' || f.rule === 'suspect-words') && f.term === entry.term)
  );
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

describe('labelled corpus', () => {
  test('the corpus file is what the builder makes from the sources (regenerate it after editing them)', () => {
    expect(entries).toEqual(buildCorpus());
  });

  test('at least 99% of evasions are caught and at most 0.5% of clean comments are held or rejected', () => {
    const evasions = decided.filter((d) => d.entry.label === 'evasion');
    const abusive = decided.filter((d) => d.entry.label === 'abusive');
    const clean = decided.filter((d) => d.entry.label === 'clean');
    const missed = evasions.filter((d) => !caught(d.entry, d.decision));
    const missedAbusive = abusive.filter((d) => !caught(d.entry, d.decision));
    const flagged = clean.filter((d) => d.decision.action !== 'approve');

    const byTrick = new Map<string, { total: number; caught: number }>();
    for (const { entry, decision } of evasions) {
      for (const trick of entry.trick!.split('+')) {
        const row = byTrick.get(trick) ?? { total: 0, caught: 0 };
        row.total++;
        if (caught(entry, decision)) row.caught++;
        byTrick.set(trick, row);
      }
    }
    const byLang = (list: typeof decided, good: (d: (typeof decided)[number]) => boolean) =>
      Object.fromEntries(
        (['ar', 'en', 'fr'] as const).map((lang) => {
          const of = list.filter((d) => d.entry.lang === lang);
          return [lang, `${of.filter(good).length}/${of.length}`];
        }),
      );
    const report = {
      comments: entries.length,
      evasionsCaught: `${evasions.length - missed.length}/${evasions.length} (${percent(rate(evasions.length - missed.length, evasions.length))})`,
      evasionsCaughtByLanguage: byLang(evasions, (d) => caught(d.entry, d.decision)),
      abusiveCaught: `${abusive.length - missedAbusive.length}/${abusive.length}`,
      cleanFlagged: `${flagged.length}/${clean.length} (${percent(rate(flagged.length, clean.length))})`,
      cleanFlaggedByLanguage: byLang(clean, (d) => d.decision.action !== 'approve'),
      trapsApproved: `${clean.filter((d) => d.entry.trap && d.decision.action === 'approve').length}/${clean.filter((d) => d.entry.trap).length}`,
      catchRateByTrick: Object.fromEntries(
        [...byTrick].sort().map(([trick, row]) => [trick, `${row.caught}/${row.total}`]),
      ),
      missed: missed.map((d) => `${d.entry.id} [${d.entry.trick}] ${d.entry.term}: ${d.entry.body}`),
      falsePositives: flagged.map((d) => `${d.entry.id}: ${d.entry.body} → ${d.decision.findings.map((f) => f.reason).join(' ')}`),
    };
    console.log(`moderation corpus\n${JSON.stringify(report, null, 2)}`);

    expect(rate(evasions.length - missed.length, evasions.length)).toBeGreaterThanOrEqual(0.99);
    expect(rate(flagged.length, clean.length)).toBeLessThanOrEqual(0.005);
    expect(missedAbusive.map((d) => d.entry.id)).toEqual([]);
  });
});
