import { describe, expect, test } from 'vitest';
import {
  compilePolicy,
  moderate,
  parsePolicy,
  type ModerationContext,
  type PolicyInput,
} from '../index.ts';

const now = new Date('2026-11-24T10:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

function decide(body: string, policy: PolicyInput = {}, context: Partial<ModerationContext> = {}) {
  return moderate({ body }, compilePolicy(parsePolicy(policy)), { now, ...context });
}

describe('links', () => {
  test('a comment with more links than allowed is held, with every link as a span', () => {
    const body = 'انظروا example.com و https://news.example.org/a و www.third.net';
    const decision = decide(body, { links: { maxLinks: 2 } });
    expect(decision.action).toBe('hold');
    expect(decision.findings).toMatchObject([
      {
        rule: 'links',
        action: 'hold',
        check: 'too-many',
        count: 3,
        spans: [
          { text: 'example.com' },
          { text: 'https://news.example.org/a' },
          { text: 'www.third.net' },
        ],
      },
    ]);
  });

  test('a link to a denied domain or its subdomain is rejected, even with invisible characters inside it', () => {
    const decision = decide('اشتر الآن من shop.spam\u200b.ru/deal', {
      links: { denyDomains: ['spam.ru'] },
    });
    expect(decision.action).toBe('reject');
    expect(decision.findings).toMatchObject([
      { rule: 'links', check: 'denied-domain', domains: ['shop.spam.ru'] },
    ]);
  });

  test('with an allow list, a link elsewhere is held and a link to an allowed domain is not', () => {
    const policy = { links: { allowDomains: ['aljazeera.net', 'bbc.co.uk'] } };
    expect(decide('المصدر: https://www.aljazeera.net/news/1', policy).action).toBe('approve');
    expect(decide('source: https://bbc.co.uk/x and bit.ly/abc', policy).findings).toMatchObject([
      { rule: 'links', action: 'hold', check: 'not-allowed-domain', domains: ['bit.ly'] },
    ]);
  });

  test('a link from a new author is held even when links are otherwise fine', () => {
    expect(decide('see example.com', {}, { authorTrust: 'new' }).findings).toMatchObject([
      { rule: 'links', action: 'hold', check: 'new-author' },
    ]);
    expect(decide('see example.com', {}, { authorTrust: 'regular' }).action).toBe('approve');
  });
});

describe('shouting and floods', () => {
  test('a comment mostly in capitals is held as shouting; Arabic, which has no capitals, never is', () => {
    expect(decide('THIS GOVERNMENT IS LYING TO ALL OF US AGAIN').findings).toMatchObject([
      {
        rule: 'shouting',
        action: 'hold',
        spans: [
          { text: 'THIS' },
          { text: 'GOVERNMENT' },
          { text: 'IS' },
          { text: 'LYING' },
          { text: 'TO' },
          { text: 'ALL' },
          { text: 'OF' },
          { text: 'US' },
          { text: 'AGAIN' },
        ],
      },
    ]);
    expect(decide('هذه الحكومة تكذب علينا جميعا مرة أخرى وتتجاهل الناس').action).toBe('approve');
    expect(decide('The NATO and UN summit in NYC').action).toBe('approve');
  });

  test('one character repeated past the limit is a flood, and the span covers the run', () => {
    const body = `رائع${'!'.repeat(25)}`;
    expect(decide(body).findings).toMatchObject([
      {
        rule: 'flood',
        action: 'hold',
        check: 'repeated-character',
        count: 25,
        spans: [{ start: 4, end: 29 }],
      },
    ]);
    expect(decide('ههههههههههه مضحك').action).toBe('approve');
  });

  test('too many emoji, or a comment that is mostly emoji, is a flood', () => {
    expect(decide('😂🔥'.repeat(16)).findings).toContainEqual(
      expect.objectContaining({ rule: 'flood', check: 'emoji', count: 32 }),
    );
    expect(decide('👏👏 مقال رائع جدا وشكرا').action).toBe('approve');
  });

  test('the same word over and over is a flood', () => {
    expect(decide('كذاب '.repeat(10)).findings).toMatchObject([
      { rule: 'flood', check: 'repeated-word', count: 10 },
    ]);
  });
});

describe('repeat posts', () => {
  test('the same comment again from the same author within the window is held, even re-spelled', () => {
    const history = [
      { body: 'الحكومة فاشلة!!', createdAt: minutesAgo(5), status: 'approved' as const },
    ];
    expect(decide('الحُكومة   فاشلــة', {}, { history }).findings).toMatchObject([
      { rule: 'repeat', action: 'hold', duplicates: 1, windowMinutes: 60 },
    ]);
  });

  test('a repeat outside the window, or a different comment, is not a repeat', () => {
    const history = [
      { body: 'الحكومة فاشلة', createdAt: minutesAgo(120), status: 'approved' as const },
      { body: 'شيء آخر تماما', createdAt: minutesAgo(1), status: 'approved' as const },
    ];
    expect(decide('الحكومة فاشلة', {}, { history }).action).toBe('approve');
  });
});

describe('author trust and reports', () => {
  test('a banned author is rejected whatever they write', () => {
    expect(decide('مقال جميل', {}, { authorTrust: 'banned' }).findings).toMatchObject([
      { rule: 'author-trust', action: 'reject', reason: 'The author is banned.' },
    ]);
  });

  test('a new author is held until their first N comments are approved', () => {
    const policy = { authorTrust: { holdFirstComments: 2 } };
    expect(
      decide('مقال جميل', policy, { authorTrust: 'new', approvedCount: 1 }).findings,
    ).toMatchObject([{ rule: 'author-trust', action: 'hold', approvedCount: 1, limit: 2 }]);
    expect(decide('مقال جميل', policy, { authorTrust: 'new', approvedCount: 2 }).action).toBe(
      'approve',
    );
    expect(decide('مقال جميل', policy, { approvedCount: 0 }).action).toBe('hold');
    expect(decide('مقال جميل', policy, { authorTrust: 'regular', approvedCount: 0 }).action).toBe(
      'approve',
    );
  });

  test('a trusted author is not held by content rules, but a banned word still rejects', () => {
    const policy = { bannedWords: ['كلب'], suspectWords: ['غبي'] };
    const held = decide('قرار غبي', policy, { authorTrust: 'trusted' });
    expect(held.action).toBe('approve');
    expect(held.findings).toMatchObject([
      { rule: 'author-trust', action: 'approve' },
      { rule: 'suspect-words', action: 'score', term: 'غبي' },
    ]);
    expect(decide('يا كلب', policy, { authorTrust: 'trusted' }).action).toBe('reject');
  });

  test('reader reports past the threshold send the comment to review, or reject it', () => {
    const policy = { reports: { holdThreshold: 3, rejectThreshold: 10 } };
    expect(decide('رأي', policy, { reportCount: 2 }).action).toBe('approve');
    expect(decide('رأي', policy, { reportCount: 3 }).findings).toMatchObject([
      { rule: 'reports', action: 'hold', count: 3 },
    ]);
    expect(decide('رأي', policy, { reportCount: 12 }).findings).toMatchObject([
      { rule: 'reports', action: 'reject' },
    ]);
  });
});

describe('decision', () => {
  test('the decision is the strongest action among all findings, and every finding is kept', () => {
    const decision = decide(
      'يا كلب، اقرأ spam.com',
      { bannedWords: ['كلب'] },
      { authorTrust: 'new', reportCount: 5 },
    );
    expect(decision.action).toBe('reject');
    expect(decision.findings.map((f) => `${f.rule}:${f.action}`)).toEqual([
      'banned-words:reject',
      'links:hold',
      'reports:hold',
    ]);
    for (const finding of decision.findings) expect(finding.reason).toMatch(/\.$/);
  });

  test('the decision carries the version of the policy that made it', () => {
    expect(decide('مرحبا', { version: 7 }).policyVersion).toBe(7);
  });
});

describe('premoderated authors and authors whose recent comments were mostly rejected', () => {
  test('a premoderated author is held whatever they write, and a banned word still rejects', () => {
    expect(decide('مقال جميل', {}, { authorTrust: 'premoderated' }).findings).toMatchObject([
      { rule: 'author-trust', code: 'author-premoderated', action: 'hold', params: {} },
    ]);
    expect(decide('يا كلب', { bannedWords: ['كلب'] }, { authorTrust: 'premoderated' }).action).toBe(
      'reject',
    );
  });

  test('an author with half or more of their recently decided comments rejected is held', () => {
    expect(
      decide('مقال جميل', {}, { recentOutcomes: { approved: 3, rejected: 3 } }).findings,
    ).toMatchObject([
      {
        rule: 'author-trust',
        code: 'author-recent-rejections',
        action: 'hold',
        params: { rejected: 3, decided: 6, share: 0.5, windowDays: 30, limit: 0.5 },
      },
    ]);
  });

  test('too few decided comments, a small share rejected, or the setting off do not hold', () => {
    expect(decide('مقال جميل', {}, { recentOutcomes: { approved: 0, rejected: 4 } }).action).toBe(
      'approve',
    );
    expect(decide('مقال جميل', {}, { recentOutcomes: { approved: 7, rejected: 3 } }).action).toBe(
      'approve',
    );
    expect(
      decide(
        'مقال جميل',
        { autoPremoderation: { enabled: false } },
        { recentOutcomes: { approved: 0, rejected: 9 } },
      ).action,
    ).toBe('approve');
    expect(
      decide(
        'مقال جميل',
        { autoPremoderation: { minDecided: 2, rejectedShare: 0.25 } },
        { recentOutcomes: { approved: 3, rejected: 1 } },
      ).action,
    ).toBe('hold');
  });

  test('a trusted author is not held for recent rejections', () => {
    expect(
      decide(
        'مقال جميل',
        {},
        { authorTrust: 'trusted', recentOutcomes: { approved: 0, rejected: 9 } },
      ).action,
    ).toBe('approve');
  });
});

describe('links spelled out in words', () => {
  test('"example dot com", "[dot]", "(.)", "نقطة كوم" and "دوت نت" are links, counted and checked like written ones', () => {
    const policy = { links: { maxLinks: 1, denyDomains: ['spam.ru'] } };
    const held = decide('زوروا example dot com و other [dot] org و موقعنا نقطة كوم', policy);
    expect(held.findings).toMatchObject([
      {
        code: 'too-many-links',
        count: 3,
        spans: [
          { text: 'example dot com' },
          { text: 'other [dot] org' },
          { text: 'موقعنا نقطة كوم' },
        ],
      },
    ]);
    expect(decide('اشتروا من spam (.) ru الآن', policy).findings).toMatchObject([
      { code: 'link-denied-domain', action: 'reject', params: { domains: 'spam.ru' } },
    ]);
    expect(decide('see a.com and b دوت نت', policy).findings).toMatchObject([
      { code: 'too-many-links', count: 2, spans: [{ text: 'a.com' }, { text: 'b دوت نت' }] },
    ]);
    expect(decide('شاهد example . com', { links: { maxLinks: 0 } }).action).toBe('hold');
  });

  test('ordinary prose with "dot", "point" or "نقطة" is not a link', () => {
    const policy = { links: { maxLinks: 0 } };
    for (const body of [
      'The dot com bubble burst in 2000.',
      'a polka dot dress, a good point com',
      'هذه نقطة مهمة في المقال',
      'end of a sentence . Com is next',
    ])
      expect(decide(body, policy).action, body).toBe('approve');
  });
});

describe('external scorer', () => {
  const policy: PolicyInput = {
    externalScorer: { url: 'https://scorer.example/score', holdAt: 0.5, rejectAt: 0.9 },
  };

  test("the scorer's reject decision rejects the comment, with its reasons in the finding", () => {
    const decision = decide('رأي عادي', policy, {
      external: { status: 'answered', decision: 'reject', reasons: ['تحريض على العنف'] },
    });
    expect(decision.action).toBe('reject');
    expect(decision.findings).toMatchObject([
      {
        rule: 'external',
        code: 'external-verdict',
        action: 'reject',
        reasons: ['تحريض على العنف'],
        reason: 'The external scorer asks to reject it: تحريض على العنف.',
      },
    ]);
  });

  test('a score is read against holdAt and rejectAt; the stronger of score and decision wins', () => {
    const at = (score: number, decisionSaid?: 'approve' | 'hold') =>
      decide('رأي', policy, {
        external: { status: 'answered', score, ...(decisionSaid && { decision: decisionSaid }) },
      }).action;
    expect(at(0.2)).toBe('approve');
    expect(at(0.5)).toBe('hold');
    expect(at(0.95)).toBe('reject');
    expect(at(0.2, 'hold')).toBe('hold');
    expect(at(0.95, 'approve')).toBe('reject');
  });

  test('with useDecision off only the score counts', () => {
    const decision = decide(
      'opinion',
      { externalScorer: { url: 'http://127.0.0.1:9/x', useDecision: false } },
      { external: { status: 'answered', decision: 'reject', score: 0.1 } },
    );
    expect(decision.action).toBe('approve');
    expect(decision.findings).toMatchObject([{ rule: 'external', action: 'score' }]);
  });

  test('a scorer that was not heard leaves a note and the other rules decide', () => {
    const decision = decide(
      'قرار غبي',
      { ...policy, suspectWords: ['غبي'] },
      { external: { status: 'skipped', why: 'timeout' } },
    );
    expect(decision.action).toBe('hold');
    expect(decision.findings).toMatchObject([
      { rule: 'suspect-words', action: 'hold' },
      { rule: 'external', code: 'external-skipped', action: 'score', skipped: 'timeout' },
    ]);
  });

  test('without a scorer in the policy, or without an answer, the rule is silent', () => {
    expect(
      decide('رأي', {}, { external: { status: 'answered', decision: 'reject' } }).findings,
    ).toEqual([]);
    expect(decide('رأي', policy).findings).toEqual([]);
  });

  test('the policy refuses a scorer URL that is not http(s)', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://x.example/', 'nope'])
      expect(() => parsePolicy({ externalScorer: { url } }), url).toThrow(/externalScorer\.url/);
    expect(parsePolicy({ externalScorer: { url: 'http://127.0.0.1:8080/score' } })).toMatchObject({
      externalScorer: { timeoutMs: 800, holdAt: 0.5, rejectAt: null, useDecision: true },
    });
  });
});
