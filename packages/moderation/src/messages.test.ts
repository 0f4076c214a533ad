import { describe, expect, test } from 'vitest';
import {
  REASON_MESSAGES,
  compilePolicy,
  fingerprint,
  moderate,
  parsePolicy,
  renderReason,
  type Finding,
  type ModerationContext,
  type PolicyInput,
} from './index.ts';
import { parseModel } from './scorer/index.ts';
import { readFileSync } from 'node:fs';
import { DEFAULT_MODEL_FILE } from './default-files.ts';

const now = new Date('2026-12-02T10:00:00Z');
const model = parseModel(JSON.parse(readFileSync(DEFAULT_MODEL_FILE, 'utf8')));

function findings(
  body: string,
  policy: PolicyInput = {},
  context: Partial<ModerationContext> = {},
  withModel = false,
): Finding[] {
  return moderate({ body }, compilePolicy(parsePolicy(policy), withModel ? { model } : {}), {
    now,
    ...context,
  }).findings;
}

const near = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    commentId: `c${i + 1}`,
    authorKey: `a${i + 1}`,
    distance: 2,
  }));
const external: PolicyInput = { externalScorer: { url: 'http://scorer.test/score' } };
const longText = 'هذا تعليق طويل بما يكفي ليقارن بتعليقات الآخرين في النافذة الزمنية';

/** Comments that, between them, make every rule give every reason it has. */
function everyFinding(): Finding[] {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  return [
    ...findings('مقال', {}, { authorTrust: 'banned' }),
    ...findings('مقال', {}, { authorTrust: 'trusted' }),
    ...findings('مقال', { authorTrust: { trustedSkipsHold: false } }, { authorTrust: 'trusted' }),
    ...findings('مقال', {}, { authorTrust: 'premoderated' }),
    ...findings('مقال', { authorTrust: { holdFirstComments: 3 } }, { authorTrust: 'new' }),
    ...findings('مقال', {}, { recentOutcomes: { approved: 2, rejected: 4 } }),
    ...findings('abcdef', { limits: { maxLength: 3 } }),
    ...findings('   '),
    ...findings('ab', { limits: { minLength: 5 } }),
    ...findings('a\nb\nc', { limits: { maxLines: 2 } }),
    ...findings('يا كلـــب', { bannedWords: ['كلب'], suspectWords: ['غبي'] }),
    ...findings('قرار غبي', { suspectWords: ['غبي'] }),
    ...findings('! '.repeat(2500), { bannedWords: ['!!!!!!!!', 'i i i i'] }),
    ...findings('spam.ru', { links: { denyDomains: ['spam.ru'] } }),
    ...findings('other.org', { links: { allowDomains: ['example.com'] } }),
    ...findings('a.com b.com c.com', { links: { maxLinks: 1 } }),
    ...findings('see a.com', {}, { authorTrust: 'new' }),
    ...findings('THIS IS A VERY LOUD COMMENT ABOUT THE NEWS'),
    ...findings('wow' + '!'.repeat(30)),
    ...findings('😂'.repeat(31)),
    ...findings('رائع 😂😂😂😂😂😂😂😂😂😂😂😂'),
    ...findings('كذاب '.repeat(10)),
    ...findings(
      'الحكومة فاشلة',
      {},
      {
        history: [{ body: 'الحكومة فاشلة', createdAt: minutesAgo(5), status: 'approved' }],
      },
    ),
    ...findings('رأي', {}, { reportCount: 3 }),
    ...findings('رأي', { reports: { rejectThreshold: 5 } }, { reportCount: 5 }),
    ...findings(longText, {}, { nearDuplicates: near(3) }),
    ...findings('مقال مفيد جدا', {}, {}, true),
    ...findings('you are a pathetic worthless idiot and everyone laughs at you', {}, {}, true),
    ...findings('you are a pathetic worthless idiot', { classifier: { rejectAt: 0.5 } }, {}, true),
    ...findings('رأي', external, {
      external: {
        status: 'answered',
        decision: 'reject',
        score: 0.93,
        reasons: ['تحريض', 'insult'],
      },
    }),
    ...findings('رأي', external, { external: { status: 'answered', score: 0.6 } }),
    ...findings('رأي', external, { external: { status: 'answered', decision: 'approve' } }),
    ...findings('رأي', external, { external: { status: 'skipped', why: 'timeout' } }),
    ...findings('رأي', external, {
      external: { status: 'skipped', why: 'error', detail: 'HTTP 503' },
    }),
    ...findings('رأي', external, { external: { status: 'skipped', why: 'circuit-open' } }),
  ];
}

describe('reasons in Arabic and English', () => {
  const all = everyFinding();

  test('every reason any rule gives has an Arabic and an English message, and every message is given by some rule', () => {
    const emitted = new Set(all.map((f) => f.code));
    expect([...emitted].sort()).toEqual(Object.keys(REASON_MESSAGES).sort());
    for (const finding of all) {
      const en = renderReason(finding, 'en');
      const ar = renderReason(finding, 'ar');
      expect(en, finding.code).toMatch(/[.!]$/);
      expect(ar, finding.code).toMatch(/\p{Script=Arabic}{3}/u);
      for (const text of [en, ar]) expect(text, finding.code).not.toMatch(/undefined|NaN|\{|\}/);
    }
  });

  test('the English message says what the English reason says', () => {
    for (const finding of all)
      expect(renderReason(finding, 'en'), finding.code).toBe(finding.reason);
  });

  test("the finding's params are written into both languages", () => {
    for (const finding of all) {
      for (const [key, value] of Object.entries(finding.params)) {
        if (['skipsHold', 'outcome', 'tricks', 'why'].includes(key) || value === '') continue;
        if (key === 'count' && value === 1) continue; // "the term", not "the term 1 times"
        const shown =
          ['share', 'limit'].includes(key) && finding.code === 'author-recent-rejections'
            ? `${Math.round(Number(value) * 100)}%`
            : String(value);
        const expected =
          typeof value === 'number' && key === 'score' ? Number(value).toFixed(2) : shown;
        expect(renderReason(finding, 'en'), `${finding.code}.${key}`).toContain(expected);
        expect(renderReason(finding, 'ar'), `${finding.code}.${key}`).toContain(expected);
      }
    }
    const banned = all.find((f) => f.code === 'banned-word')!;
    expect(banned.params).toMatchObject({ term: 'كلب', count: 1, tricks: 'tatweel' });
    expect(renderReason(banned, 'ar')).toBe(
      'يحتوي على العبارة المحظورة «كلب»، رغم التمويه بـ: التطويل.',
    );
  });

  test('a hold a trusted author skipped says so in both languages', () => {
    const [, suspect] = findings('قرار غبي', { suspectWords: ['غبي'] }, { authorTrust: 'trusted' });
    expect(suspect).toMatchObject({ code: 'suspect-word', action: 'score' });
    expect(renderReason(suspect!, 'en')).toBe(suspect!.reason);
    expect(renderReason(suspect!, 'ar')).toBe(
      'يحتوي على العبارة المشبوهة «غبي». لم يُحتجز لأن الكاتب موثوق.',
    );
  });

  test('a finding stored before codes existed is shown with its English reason in both languages', () => {
    const old = {
      rule: 'banned-words',
      action: 'reject',
      reason: 'Contains the banned term "x".',
      spans: [],
    };
    expect(renderReason(old, 'ar')).toBe(old.reason);
    expect(renderReason({ ...old, code: 'no-such-code', params: {} }, 'en')).toBe(old.reason);
  });

  test('fingerprints of the bodies used above are stable hex', () => {
    expect(fingerprint(longText)).toMatch(/^[0-9a-f]{16}$/);
  });
});
