import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compilePolicy, moderate, parsePolicy } from './index.ts';
import { ARABIC_TRICKS, disguise, LATIN_TRICKS, seeded } from './testing/tricks.ts';

const now = new Date('2026-11-24T10:00:00Z');

const ARABIC_TERMS = [
  'كلب',
  'حمار',
  'شرموطة',
  'حيوان',
  'قحبة',
  'منيوك',
  'خنزير',
  'زبالة',
  'كس',
  'يلعن',
  'ابن الكلب',
  'حقير',
  'عاهرة',
];
const LATIN_TERMS = [
  'kill',
  'bitch',
  'idiot',
  'asshole',
  'moron',
  'putain',
  'salope',
  'connard',
  'son of a bitch',
  'fuck',
  'shit',
  'ass',
  'merde',
];
const compiled = compilePolicy(parsePolicy({ bannedWords: [...ARABIC_TERMS, ...LATIN_TERMS] }));

/** Clean sentences the disguised word is dropped into, with the usual traps around it. */
const ARABIC_CONTEXT = [
  'قرأت المقال كاملا و',
  'الكاتب محق في تحليله لكن',
  'مع احترامي للجميع،',
  'هذا الخبر صادم،',
  '',
];
const LATIN_CONTEXT = [
  'I read the whole article and',
  'Honestly, with respect to the author,',
  'Merci pour cet article,',
  'The class assessment said',
  '',
];
const AFTER = ['!', '...', '؟', 'really', 'والله', ''];

function plant(
  before: string,
  disguised: string,
  after: string,
): { body: string; from: number; to: number } {
  const prefix = before ? `${before} ` : '';
  const body = `${prefix}${disguised}${after ? ` ${after}` : ''}`;
  return { body, from: prefix.length, to: prefix.length + disguised.length };
}

function expectCaught(term: string, body: string, from: number, to: number): void {
  const decision = moderate({ body }, compiled, { now });
  const finding = decision.findings.find((f) => f.rule === 'banned-words' && f.term === term);
  if (!finding) throw new Error(`"${term}" not found in ${JSON.stringify(body)}`);
  expect(decision.action).toBe('reject');
  // The span is in the original text, inside the disguised word, and says what is there.
  const span = finding.spans.find((s) => s.start >= from && s.end <= to);
  expect(span, `no span inside [${from}, ${to}) of ${JSON.stringify(body)}`).toBeDefined();
  expect(span!.text).toBe(body.slice(span!.start, span!.end));
  expect(span!.end).toBeGreaterThan(span!.start);
}

describe('evasion', () => {
  test('any Arabic banned word with any mix of tricks is still rejected, and the span points into the disguised word', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ARABIC_TERMS),
        fc.subarray(Object.keys(ARABIC_TRICKS)),
        fc.integer(),
        fc.constantFrom(...ARABIC_CONTEXT),
        fc.constantFrom(...AFTER),
        (term, tricks, seed, before, after) => {
          const { body, from, to } = plant(before, disguise(term, tricks, seeded(seed)), after);
          expectCaught(term, body, from, to);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('any Latin-script banned word with any mix of tricks is still rejected, and the span points into the disguised word', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LATIN_TERMS),
        fc.subarray(Object.keys(LATIN_TRICKS)),
        fc.integer(),
        fc.constantFrom(...LATIN_CONTEXT),
        fc.constantFrom(...AFTER),
        (term, tricks, seed, before, after) => {
          const { body, from, to } = plant(before, disguise(term, tricks, seeded(seed)), after);
          expectCaught(term, body, from, to);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('an Arabic banned word with any clitic chain in front (و ف ب ك ل ال) is still rejected', () => {
    const clitics = [
      'و',
      'ف',
      'ب',
      'ك',
      'ل',
      'ال',
      'وال',
      'فال',
      'بال',
      'كال',
      'لل',
      'ولل',
      'فلل',
      'وب',
      'فب',
      'ول',
      'وبال',
    ];
    const long = ARABIC_TERMS.filter((t) => !t.includes(' ') && [...t].length >= 3);
    fc.assert(
      fc.property(
        fc.constantFrom(...long),
        fc.constantFrom(...clitics),
        fc.subarray([
          'tashkeel',
          'tatweel',
          'invisible',
          'letter-variants',
          'presentation-forms',
          'elongation',
        ]),
        fc.integer(),
        (term, clitic, tricks, seed) => {
          const { body, from, to } = plant(
            'قال',
            disguise(clitic + term, tricks, seeded(seed)),
            'هكذا',
          );
          expectCaught(term, body, from, to);
        },
      ),
      { numRuns: 200 },
    );
  });
});
