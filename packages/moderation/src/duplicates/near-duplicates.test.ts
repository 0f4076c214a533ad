import { describe, expect, test } from 'vitest';
import {
  compilePolicy,
  fingerprint,
  hammingDistance,
  moderate,
  nearDuplicateFingerprint,
  parsePolicy,
  type ModerationContext,
  type PolicyInput,
} from '../index.ts';

const now = new Date('2026-12-02T10:00:00Z');
const decide = (body: string, policy: PolicyInput = {}, context: Partial<ModerationContext> = {}) =>
  moderate({ body }, compilePolicy(parsePolicy(policy)), { now, ...context });

const campaign = 'الحكومة تكذب عليكم كل يوم، لا تصدقوا أي كلمة في هذا المقال المدفوع';
const edits = [
  'الحكومة تكذب عليكم كل يوم!! لا تصدقوا أي كلمة في هذا المقال المدفوع',
  'الحكومه تكذب عليكم كل يوم، لا تصدقوا اي كلمة في هذا المقال المدفوع ابدا',
  'الحكومة تكذب علينا كل يوم، لا تصدقوا أي كلمة في هذا المقال المدفوع',
  'يا جماعة الحكومة تكذب عليكم كل يوم، لا تصدقوا أي كلمة في هذا المقال المدفوع',
  'الحكومة تكذب عليكم كل يوم، لا تصدقوا أي كلمة في هذا المقال',
  'الحُكومة تَكذب عليكم كُل يوم... لا تصدقوا أيّ كلمة في هذا المقال المدفوع',
];
const unrelated = [
  'مقال رائع وتحليل عميق للوضع الاقتصادي، شكرا للكاتب على الجهد',
  'الحكومة قدمت خطة جيدة هذا العام ويجب أن ندعمها رغم كل شيء',
  'لا أتفق مع الكاتب في هذه النقطة لكن المقال مفيد في مجمله',
  'I think the minister should resign after this scandal, honestly.',
  'Le gouvernement ment tous les jours, ne croyez pas un mot de cet article.',
];

describe('fingerprints', () => {
  test('the same words re-spelled, re-punctuated or with diacritics have the same fingerprint', () => {
    expect(fingerprint('الحُكومة   تكذب!!!')).toBe(fingerprint('الحكومة تكذب'));
    expect(fingerprint('THE Government LIES')).toBe(fingerprint('the government lies.'));
    expect(fingerprint(campaign)).toMatch(/^[0-9a-f]{16}$/);
  });

  test('a comment with a few words changed stays within the default distance; unrelated comments do not', () => {
    const base = fingerprint(campaign);
    const maxDistance = parsePolicy({}).nearDuplicates.maxDistance;
    for (const edit of edits)
      expect(hammingDistance(base, fingerprint(edit)), edit).toBeLessThanOrEqual(maxDistance);
    for (const other of unrelated)
      expect(hammingDistance(base, fingerprint(other)), other).toBeGreaterThan(maxDistance + 6);
  });

  test('the distance is symmetric, zero for equal fingerprints, and refuses what is not a fingerprint', () => {
    const [a, b] = [fingerprint(campaign), fingerprint(unrelated[0]!)];
    expect(hammingDistance(a, a)).toBe(0);
    expect(hammingDistance(a, b)).toBe(hammingDistance(b, a));
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(() => hammingDistance('xyz', a)).toThrow(/16 hexadecimal/);
  });
});

describe('near-duplicates from other authors', () => {
  const others = (n: number, distance = 3) =>
    Array.from({ length: n }, (_, i) => ({
      commentId: `comment-${i + 1}`,
      authorKey: `author-${i + 1}`,
      distance,
    }));

  test('a comment that three other authors posted almost word for word is held, naming their comments', () => {
    const decision = decide(campaign, {}, { nearDuplicates: others(3) });
    expect(decision.action).toBe('hold');
    expect(decision.findings).toMatchObject([
      {
        rule: 'near-duplicates',
        code: 'near-duplicate',
        action: 'hold',
        params: {
          authors: 3,
          threshold: 3,
          windowMinutes: 60,
          commentIds: 'comment-1, comment-2, comment-3',
        },
        matches: others(3),
      },
    ]);
  });

  test('fewer other authors than the threshold, matches too far apart, or the same author twice do not hold', () => {
    expect(decide(campaign, {}, { nearDuplicates: others(2) }).action).toBe('approve');
    expect(decide(campaign, {}, { nearDuplicates: others(5, 20) }).action).toBe('approve');
    const sameAuthor = others(3).map((m) => ({ ...m, authorKey: 'author-1' }));
    expect(decide(campaign, {}, { nearDuplicates: sameAuthor }).action).toBe('approve');
    expect(
      decide(campaign, { nearDuplicates: { threshold: 2 } }, { nearDuplicates: others(2) }).action,
    ).toBe('hold');
  });

  test('short replies that many readers write alike ("شكرا على المقال") are not coordinated posting', () => {
    expect(decide('شكرا على المقال', {}, { nearDuplicates: others(10) }).action).toBe('approve');
  });

  test('a service looks up and keeps fingerprints only of comments the rule would judge', () => {
    expect(nearDuplicateFingerprint(campaign, parsePolicy({}))).toBe(fingerprint(campaign));
    expect(nearDuplicateFingerprint('شكرا على المقال', parsePolicy({}))).toBeNull();
    expect(
      nearDuplicateFingerprint(campaign, parsePolicy({ nearDuplicates: { enabled: false } })),
    ).toBeNull();
  });

  test('the rule can be turned off', () => {
    expect(
      decide(campaign, { nearDuplicates: { enabled: false } }, { nearDuplicates: others(5) })
        .action,
    ).toBe('approve');
  });
});
