import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'moderate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    lines: result.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}

describe('batch CLI', () => {
  test('reads one comment per line and writes one decision per line; a bad line gets an error and the run goes on', () => {
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ bannedWords: ['كلب'], suspectWords: ['غبي'] }));
    const input = [
      JSON.stringify({ id: 'c1', body: 'يا كَلْـــب' }),
      JSON.stringify({ id: 'c2', body: 'مقال رائع' }),
      '{ not json',
      JSON.stringify({ id: 'c4' }),
      JSON.stringify({ id: 5, body: 'قرار غبي', authorTrust: 'trusted' }),
      JSON.stringify({
        id: 'c6',
        body: 'نفس التعليق',
        createdAt: '2026-11-24T10:00:00Z',
        history: [{ body: 'نفس التعليق', createdAt: '2026-11-24T09:55:00Z', status: 'approved' }],
      }),
    ].join('\n');
    const { status, lines } = run(['--policy', policy], `${input}\n`);
    expect(status).toBe(0);
    // The bundled scorer runs with any policy that does not turn it off; it only scores these.
    const scored = { rule: 'classifier', action: 'score' };
    expect(lines).toMatchObject([
      {
        id: 'c1',
        decision: 'reject',
        findings: [
          { rule: 'banned-words', term: 'كلب', spans: [{ start: 3, end: 11, text: 'كَلْـــب' }] },
          { rule: 'classifier' },
        ],
      },
      { id: 'c2', decision: 'approve', findings: [scored] },
      { line: 3, error: expect.stringContaining('not valid JSON') },
      { id: 'c4', error: expect.stringContaining('body') },
      { id: 5, decision: 'approve' },
      { id: 'c6', decision: 'hold', findings: [{ rule: 'repeat' }, scored] },
    ]);
  });

  test('without options it decides like the worker: the bundled policy rejects listed words, the bundled scorer holds abuse without them', () => {
    const model = JSON.parse(
      readFileSync(new URL('../corpus/model.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const input = [
      JSON.stringify({ id: 'listed', body: 'اسكت يا حمار' }),
      JSON.stringify({
        id: 'paraphrase',
        body: 'you have the reading comprehension of a houseplant, go back to school',
      }),
      JSON.stringify({
        id: 'news',
        body: 'Thank you for this careful report on the floods in the north.',
      }),
    ].join('\n');
    const { status, lines } = run([], `${input}\n`);
    expect(status).toBe(0);
    expect(lines).toMatchObject([
      {
        id: 'listed',
        decision: 'reject',
        findings: expect.arrayContaining([expect.objectContaining({ rule: 'banned-words' })]),
      },
      {
        id: 'paraphrase',
        decision: 'hold',
        modelVersion: model.version,
        findings: [
          {
            rule: 'classifier',
            action: 'hold',
            modelVersion: model.version,
            score: expect.any(Number),
            spans: expect.any(Array),
          },
        ],
      },
      {
        id: 'news',
        decision: 'approve',
        policyVersion: 1,
        modelVersion: model.version,
        findings: [{ rule: 'classifier', action: 'score' }],
      },
    ]);
    // The highlighted words are where the original text says they are.
    const body = 'you have the reading comprehension of a houseplant, go back to school';
    const spans = (
      lines[1] as { findings: { spans: { start: number; end: number; text: string }[] }[] }
    ).findings[0]!.spans;
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) expect(body.slice(span.start, span.end)).toBe(span.text);
  });

  test('a model file that is not a model stops the run with exit code 2', () => {
    const model = join(dir, 'model.json');
    writeFileSync(model, JSON.stringify({ format: 'cm-scorer/1', version: 'x' }));
    const { status, stderr, stdout } = run(['--model', model], '');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Invalid scorer model');
  });

  test('an invalid policy stops the run with a message naming the bad field', () => {
    const policy = join(dir, 'bad-policy.json');
    writeFileSync(policy, JSON.stringify({ bannedWords: 'كلب' }));
    const { status, stderr, stdout } = run(['--policy', policy], '');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('bannedWords');
  });
});
