import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compareModels,
  compilePolicy,
  evaluateModel,
  moderate,
  normalize,
  parseModel,
  parsePolicy,
  rocAuc,
  serializeModel,
  trainModel,
  type PolicyInput,
  type ScorerModel,
  type TrainingExample,
} from '../index.ts';
import { readFileSync } from 'node:fs';
import { MODEL_FILE, scorerCorpus } from './corpus-files.ts';
import { extractFeatures, sumFeatures, type FeatureSettings } from './features.ts';
import { nearDuplicates } from './near-duplicates.ts';

const now = new Date('2026-11-24T12:00:00Z');

// A small, varied training set: abuse aimed at a person vs. news talk, in Arabic and English.
const ABUSIVE_AR = [
  'عقلك أصغر من حبة عدس يا صاحب التعليق',
  'أنت لا تفهم شيئا، عقلك فارغ تماما',
  'تعليقك يثبت أن عقلك معطل منذ سنوات',
  'اسكت أحسن لك، عقلك لا يصلح لشيء',
  'يا صاحب العقل الفارغ، لا تكتب مرة أخرى',
  'كلامك يدل على عقل صغير وقلب أسود',
  'أمثالك يجب أن يمنعوا من الكتابة هنا',
  'روح اتعلم القراءة قبل ما تكتب يا فاشل',
];
const CLEAN_AR = [
  'شكرا على هذا التقرير المفصل عن الفيضانات',
  'الحكومة مطالبة بخطة واضحة لإعادة الإعمار',
  'رحم الله الضحايا وصبر أهلهم على المصاب',
  'الأرقام في المقال تحتاج إلى مصدر رسمي',
  'الانتخابات القادمة ستكون اختبارا حقيقيا للأحزاب',
  'المدارس في الرقة تحتاج إلى دعم عاجل',
  'أتفق مع الكاتب في معظم ما قاله عن الاقتصاد',
  'مقال مهم عن أزمة المياه في القرى',
];
const ABUSIVE_EN = [
  'your brain must be lonely in there with nothing to talk to',
  'you have the reading comprehension of a houseplant',
  'people like you should not be allowed near a keyboard',
  'every time you post the average IQ here drops',
  'go back to school before you embarrass yourself again',
  'you are a waste of everyone time and oxygen',
];
const CLEAN_EN = [
  'thank you for this careful report on the floods',
  'the council should publish the full budget',
  'my thoughts are with the families of the victims',
  'the numbers in the article need an official source',
  'the election will test every party in the north',
  'schools in the region need urgent support',
];

function examples(): TrainingExample[] {
  const make = (texts: string[], label: 'abusive' | 'clean', lang: string) =>
    texts.map((text, i) => ({ id: `${lang}-${label}-${i}`, text, label, lang }));
  return [
    ...make(ABUSIVE_AR, 'abusive', 'ar'),
    ...make(CLEAN_AR, 'clean', 'ar'),
    ...make(ABUSIVE_EN, 'abusive', 'en'),
    ...make(CLEAN_EN, 'clean', 'en'),
  ];
}

const SMALL = { features: { hashBits: 14 }, folds: 3, name: 'test' } as const;
const small: ScorerModel = trainModel(examples(), SMALL);

function decide(
  body: string,
  policy: PolicyInput = {},
  model: ScorerModel | null = small,
  trust?: 'trusted',
) {
  return moderate({ body }, compilePolicy(parsePolicy(policy), { model }), {
    now,
    ...(trust ? { authorTrust: trust } : {}),
  });
}

describe('the learned scorer', () => {
  test('the engine sums exactly the features the trainer learns from, for any text', () => {
    const settings: FeatureSettings = {
      hashBits: 12,
      charMin: 1,
      charMax: 5,
      wordMax: 2,
      symbols: true,
    };
    const codes = Int8Array.from({ length: 4096 }, (_, i) => ((i * 37) % 255) - 127);
    const text = fc.string({
      unit: fc.constantFrom(...'ab c،.!؟ يا كلب  ـًّZ9٣\u200bél'.split(''), 'ﻛ', '😀'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        (body, min, span, wordMax, symbols) => {
          const s = {
            ...settings,
            charMin: min,
            charMax: Math.min(5, min + span),
            wordMax,
            symbols,
          };
          const normalized = normalize(body);
          const { count, indices } = extractFeatures(normalized, s);
          let sum = 0;
          for (let k = 0; k < count; k++) sum += codes[indices[k]!]!;
          expect(sumFeatures(normalized, s, codes)).toBeCloseTo(
            count === 0 ? 0 : sum / Math.sqrt(count),
            9,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  test('the same verdicts train the same model, byte for byte, and a model read back from its file scores the same', () => {
    const again = trainModel([...examples()].reverse(), SMALL);
    expect(again.version).toBe(small.version);
    expect(JSON.stringify(serializeModel(again))).toBe(JSON.stringify(serializeModel(small)));
    const loaded = parseModel(JSON.parse(JSON.stringify(serializeModel(small))));
    for (const body of [...ABUSIVE_AR, ...CLEAN_EN, 'مرحبا', '']) {
      expect(decide(body, {}, loaded)).toEqual(decide(body, {}, small));
    }
  });

  test('when a reader insults another without a listed word, in disguise, the comment is held and the words behind the score are highlighted', () => {
    const body = 'يا أخي عقلـــك فارغٌ تماماً، لا تكتب';
    const decision = decide(body);
    expect(decision).toMatchObject({ action: 'hold', modelVersion: small.version });
    const finding = decision.findings.find((f) => f.rule === 'classifier')!;
    expect(finding).toMatchObject({
      action: 'hold',
      modelVersion: small.version,
      holdAt: 0.5,
      rejectAt: null,
    });
    expect(finding.score as number).toBeGreaterThanOrEqual(0.5);
    expect(finding.spans.length).toBeGreaterThan(0);
    for (const span of finding.spans) expect(body.slice(span.start, span.end)).toBe(span.text);
    expect(finding.spans.map((s) => s.text).join(' ')).toMatch(/عقلـــك|فارغٌ|تكتب/);
  });

  test('news talk gets a score finding that decides nothing', () => {
    const decision = decide('شكرا على التقرير عن المدارس في الرقة');
    expect(decision.action).toBe('approve');
    expect(decision.findings).toMatchObject([
      { rule: 'classifier', action: 'score', spans: [], modelVersion: small.version },
    ]);
  });

  test('the policy maps the score to an action: holdAt holds, rejectAt rejects, disabled or without a model the scorer is silent', () => {
    const body = 'أنت لا تفهم شيئا، عقلك فارغ';
    expect(decide(body, { classifier: { holdAt: 0.01, rejectAt: 0.02 } }).action).toBe('reject');
    expect(decide(body, { classifier: { holdAt: 0.999999 } }).findings).toMatchObject([
      { rule: 'classifier', action: 'score' },
    ]);
    expect(decide(body, { classifier: { enabled: false } })).toEqual({
      action: 'approve',
      findings: [],
      policyVersion: 1,
    });
    expect(decide(body, {}, null)).toEqual({ action: 'approve', findings: [], policyVersion: 1 });
  });

  test('a trusted author is not held on a guess, but the score stays on the record', () => {
    const decision = decide('أنت لا تفهم شيئا، عقلك فارغ', {}, small, 'trusted');
    expect(decision.action).toBe('approve');
    expect(decision.findings).toContainEqual(
      expect.objectContaining({ rule: 'classifier', action: 'score' }),
    );
  });

  test('a policy whose rejectAt lies under holdAt is refused, naming the field', () => {
    expect(() => parsePolicy({ classifier: { holdAt: 0.7, rejectAt: 0.6 } })).toThrow(/rejectAt/);
    expect(() => parsePolicy({ classifier: { holdAt: 2 } })).toThrow(/classifier\.holdAt/);
  });

  test('a damaged model file is refused with what is wrong', () => {
    const file = serializeModel(small);
    expect(() => parseModel({ ...file, weights: '@@@' })).toThrow(/base64/);
    expect(() => parseModel({ ...file, format: 'other/1' })).toThrow(/format/);
    expect(() => parseModel({ ...file, features: { ...file.features, hashBits: 40 } })).toThrow(
      /hashBits/,
    );
  });

  test('ROC AUC is the chance an abusive comment outscores a clean one, ties counting half', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [true, true, false, false])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
    expect(rocAuc([0.9, 0.3, 0.5, 0.1], [true, true, false, false])).toBe(0.75);
  });

  test('evaluation reports what share of each class is held, per language', () => {
    const evaluation = evaluateModel(small, examples());
    expect(evaluation.perLanguage.ar).toMatchObject({ n: 16, abusive: 8, clean: 8 });
    expect(evaluation.overall.n).toBe(28);
    expect(evaluation.overall.abusiveHeld).toBeGreaterThan(evaluation.overall.cleanHeld);
  });

  test('a model trained on shuffled verdicts does not replace the active model; a better one does', () => {
    const corpus = scorerCorpus().filter((e) => e.source === 'meaning');
    const train = corpus.filter((e) => e.split === 'train' && e.id.endsWith('1'));
    const heldOut = corpus.filter((e) => e.split === 'eval');
    const options = { features: { hashBits: 16 }, folds: 3, epochs: 6 } as const;
    const good = trainModel(train, options);
    const labels = train.map((e) => e.label).sort();
    const noise = trainModel(
      train.map((e, i) => ({ ...e, label: labels[(i * 7919) % labels.length]! })),
      options,
    );
    const worse = compareModels(noise, good, heldOut);
    expect(worse.better).toBe(false);
    expect(worse.reasons.join(' ')).toMatch(/not more than/);
    expect(worse.reasons.join(' ')).toMatch(/In ar, ROC AUC falls/);
    const better = compareModels(good, noise, heldOut);
    expect(better.better).toBe(true);
    expect(better.candidate.overall.rocAuc).toBeGreaterThan(better.active!.overall.rocAuc);
    expect(compareModels(good, null, heldOut).better).toBe(
      better.candidate.overall.cleanHeld <= 0.03,
    );
  });

  test('near-duplicate search finds a template with a swapped noun and nothing else', () => {
    const texts = [
      'هؤلاء اللاجئون يجب أن يعودوا إلى بلادهم فورا ولا مكان لهم هنا',
      'هؤلاء المهاجرون يجب أن يعودوا إلى بلادهم فورا ولا مكان لهم هنا',
      'شكرا على التقرير المفصل عن أزمة المياه في القرى الشمالية',
    ];
    expect(nearDuplicates(texts)).toMatchObject([{ a: 0, b: 1 }]);
  });

  test('the words behind a held score never cut an emoji in half, so the decision can be stored as JSON', () => {
    const model = parseModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
    const compiled = compilePolicy(parsePolicy({}), { model });
    const broken: string[] = [];
    for (const e of scorerCorpus()) {
      for (const body of [e.text, `${e.text} 😡😡`]) {
        const found = moderate({ body }, compiled, { now }).findings.find(
          (f) => f.rule === 'classifier',
        );
        const texts = [
          ...((found?.ngrams as { text: string }[] | undefined) ?? []).map((g) => g.text),
          ...(found?.spans ?? []).map((s) => s.text),
        ];
        // A lone UTF-16 surrogate is no text: JSON.stringify escapes it and Postgres refuses it.
        if (texts.some((t) => /\\ud[89a-f]/i.test(JSON.stringify(t)))) broken.push(e.id);
      }
    }
    expect(broken).toEqual([]);
  }, 60_000);
});
