import type { Finding, FindingParams } from './types.ts';

/** The languages every reason is written in. */
export type ReasonLanguage = 'ar' | 'en';

/** One reason in every language, from the finding's params. */
export type ReasonMessage = Record<ReasonLanguage, (params: FindingParams) => string>;

const str = (p: FindingParams, key: string) => String(p[key] ?? '');
const num = (p: FindingParams, key: string) => Number(p[key] ?? 0);
const percent = (p: FindingParams, key: string) => `${Math.round(num(p, key) * 100)}%`;

/** The spelling tricks a words finding names (see `tricksOf` in rules/words.ts), in Arabic. */
const TRICKS_AR: Record<string, string> = {
  Arabizi: 'العربيزي (حروف لاتينية وأرقام)',
  diacritics: 'التشكيل',
  tatweel: 'التطويل',
  'invisible characters': 'محارف غير مرئية',
  'elongated letters': 'مدّ الحروف بتكرارها',
  'spaced or punctuated letters': 'فصل الحروف بمسافات أو رموز',
  'digits or symbols for letters': 'أرقام أو رموز مكان الحروف',
  'masked letters': 'حروف مخفية بالنجوم',
  'look-alike letters': 'حروف من أبجديات أخرى تشبهها',
};

function tricksAr(list: string): string {
  return list
    .split(', ')
    .filter(Boolean)
    .map((trick) => {
      if (trick.startsWith('attached clitic ')) return `سابقة ملتصقة «${trick.slice(16)}»`;
      if (trick.startsWith('suffix ')) return `لاحقة «${trick.slice(7)}»`;
      return TRICKS_AR[trick] ?? trick;
    })
    .join('، ');
}

function term(kind: { en: string; ar: string }): ReasonMessage {
  return {
    en: (p) =>
      `Contains the ${kind.en} term "${str(p, 'term')}"${num(p, 'count') > 1 ? ` ${num(p, 'count')} times` : ''}${
        str(p, 'tricks') ? ` (seen through: ${str(p, 'tricks')})` : ''
      }.`,
    ar: (p) =>
      `يحتوي على ${kind.ar} «${str(p, 'term')}»${num(p, 'count') > 1 ? ` (عدد المرات: ${num(p, 'count')})` : ''}${
        str(p, 'tricks') ? `، رغم التمويه بـ: ${tricksAr(str(p, 'tricks'))}` : ''
      }.`,
  };
}

/**
 * Every reason the engine gives, keyed by the finding's `code`, in Arabic and English. The
 * English text says the same as the finding's `reason`; both read the finding's `params`.
 */
export const REASON_MESSAGES = {
  'author-banned': {
    en: () => 'The author is banned.',
    ar: () => 'صاحب التعليق محظور.',
  },
  'author-trusted': {
    en: (p) =>
      p.skipsHold === 'no'
        ? 'The author is trusted.'
        : 'The author is trusted: content rules do not hold their comments (rejections still apply).',
    ar: (p) =>
      p.skipsHold === 'no'
        ? 'صاحب التعليق موثوق.'
        : 'صاحب التعليق موثوق: لا تحتجز قواعدُ المحتوى تعليقاته، ويبقى الرفض ساريًا.',
  },
  'author-premoderated': {
    en: () => 'The author is premoderated: a moderator reviews each of their comments.',
    ar: () => 'صاحب التعليق خاضع للإشراف المسبق: يراجع مشرفٌ كل تعليق له قبل نشره.',
  },
  'author-new': {
    en: (p) =>
      `New author: their first ${num(p, 'limit')} comment${num(p, 'limit') === 1 ? ' is' : 's are'} reviewed (${num(p, 'approved')} approved so far).`,
    ar: (p) =>
      `كاتب جديد: تُراجَع تعليقاته الأولى حتى يُقبل منها ${num(p, 'limit')} (المقبول حتى الآن: ${num(p, 'approved')}).`,
  },
  'author-recent-rejections': {
    en: (p) =>
      `${num(p, 'rejected')} of the author's ${num(p, 'decided')} comments decided in the last ${num(p, 'windowDays')} days were rejected (${percent(p, 'share')}, at or over ${percent(p, 'limit')}): their comments are reviewed first.`,
    ar: (p) =>
      `رُفض ${num(p, 'rejected')} من أصل ${num(p, 'decided')} من تعليقات الكاتب التي بُتّ فيها خلال آخر ${num(p, 'windowDays')} يومًا (${percent(p, 'share')}، والحد ${percent(p, 'limit')})، لذا تُراجَع تعليقاته قبل نشرها.`,
  },
  'too-long': {
    en: (p) =>
      `The comment is ${num(p, 'length')} characters long; the limit is ${num(p, 'limit')}.`,
    ar: (p) => `عدد أحرف التعليق ${num(p, 'length')}، والحد الأقصى ${num(p, 'limit')}.`,
  },
  empty: {
    en: () => 'The comment is empty.',
    ar: () => 'التعليق فارغ.',
  },
  'too-short': {
    en: (p) =>
      `The comment has ${num(p, 'length')} visible characters; the minimum is ${num(p, 'limit')}.`,
    ar: (p) =>
      `عدد الأحرف الظاهرة في التعليق ${num(p, 'length')}، والحد الأدنى ${num(p, 'limit')}.`,
  },
  'too-many-lines': {
    en: (p) =>
      `The comment has ${num(p, 'lines')} lines; more than ${num(p, 'limit')} is held for review.`,
    ar: (p) =>
      `عدد أسطر التعليق ${num(p, 'lines')}، وما زاد على ${num(p, 'limit')} يُحال إلى المراجعة.`,
  },
  'banned-word': term({ en: 'banned', ar: 'العبارة المحظورة' }),
  'suspect-word': term({ en: 'suspect', ar: 'العبارة المشبوهة' }),
  obfuscation: {
    en: () =>
      'The text mixes so many symbols that stand for letters that it cannot be read in every possible way; a moderator should look at it.',
    ar: () =>
      'يكثر في النص من الرموز التي تحل محل الحروف حتى تعذّرت قراءته بكل الوجوه الممكنة؛ ينبغي أن يطّلع عليه مشرف.',
  },
  'link-denied-domain': {
    en: (p) => `Links to a denied domain: ${str(p, 'domains')}.`,
    ar: (p) => `يحتوي على رابط إلى نطاق محظور: ${str(p, 'domains')}.`,
  },
  'link-not-allowed-domain': {
    en: (p) => `Links to a domain that is not on the allow list: ${str(p, 'domains')}.`,
    ar: (p) => `يحتوي على رابط إلى نطاق خارج قائمة النطاقات المسموح بها: ${str(p, 'domains')}.`,
  },
  'too-many-links': {
    en: (p) =>
      `The comment has ${num(p, 'count')} links; more than ${num(p, 'limit')} is ${p.outcome === 'reject' ? 'rejected' : 'held for review'}.`,
    ar: (p) =>
      `عدد الروابط في التعليق ${num(p, 'count')}، وما زاد على ${num(p, 'limit')} ${p.outcome === 'reject' ? 'يُرفض' : 'يُحال إلى المراجعة'}.`,
  },
  'link-new-author': {
    en: () => 'A new author posted a link; links from new authors are reviewed first.',
    ar: () => 'نشر كاتب جديد رابطًا، وروابط الكتّاب الجدد تُراجَع قبل نشرها.',
  },
  shouting: {
    en: (p) =>
      `${num(p, 'percent')}% of the letters are capitals (more than ${num(p, 'limit')}%): the comment is shouting.`,
    ar: (p) =>
      `${num(p, 'percent')}% من الحروف كبيرة (أكثر من ${num(p, 'limit')}%): التعليق مكتوب بأسلوب الصراخ.`,
  },
  'repeated-character': {
    en: (p) =>
      `One character is repeated ${num(p, 'count')} times in a row (more than ${num(p, 'limit')}).`,
    ar: (p) => `تكرر حرف واحد متتاليًا ${num(p, 'count')} مرة، والحد الأقصى ${num(p, 'limit')}.`,
  },
  'emoji-flood': {
    en: (p) => `The comment has ${num(p, 'count')} emoji (more than ${num(p, 'limit')}).`,
    ar: (p) =>
      `عدد الرموز التعبيرية في التعليق ${num(p, 'count')}، والحد الأقصى ${num(p, 'limit')}.`,
  },
  'emoji-share': {
    en: (p) => `${num(p, 'percent')}% of the comment is emoji (more than ${num(p, 'limit')}%).`,
    ar: (p) =>
      `تشكّل الرموز التعبيرية ${num(p, 'percent')}% من التعليق (الحد الأقصى ${num(p, 'limit')}%).`,
  },
  'repeated-word': {
    en: (p) =>
      `The word "${str(p, 'word')}" is repeated ${num(p, 'count')} times in a row (more than ${num(p, 'limit')}).`,
    ar: (p) =>
      `تكررت كلمة «${str(p, 'word')}» متتاليةً ${num(p, 'count')} مرة، والحد الأقصى ${num(p, 'limit')}.`,
  },
  'repeat-post': {
    en: (p) =>
      `The author posted the same comment ${num(p, 'duplicates')} time${num(p, 'duplicates') === 1 ? '' : 's'} in the last ${num(p, 'windowMinutes')} minutes.`,
    ar: (p) =>
      `نشر الكاتب التعليق نفسه من قبل خلال آخر ${num(p, 'windowMinutes')} دقيقة (عدد المرات: ${num(p, 'duplicates')}).`,
  },
  'reports-threshold': {
    en: (p) =>
      `Readers reported the comment ${num(p, 'count')} times; ${num(p, 'limit')} reports send it to review.`,
    ar: (p) =>
      `أبلغ القرّاء عن التعليق، وعدد البلاغات ${num(p, 'count')} (حدّ الإحالة إلى المراجعة: ${num(p, 'limit')}).`,
  },
  'reports-reject-threshold': {
    en: (p) =>
      `Readers reported the comment ${num(p, 'count')} times; ${num(p, 'limit')} reports reject it.`,
    ar: (p) =>
      `أبلغ القرّاء عن التعليق، وعدد البلاغات ${num(p, 'count')} (حدّ الرفض: ${num(p, 'limit')}).`,
  },
  'near-duplicate': {
    en: (p) =>
      `${num(p, 'authors')} other authors posted almost the same comment in the last ${num(p, 'windowMinutes')} minutes (${str(p, 'commentIds')}); from ${num(p, 'threshold')} it is held as coordinated posting.`,
    ar: (p) =>
      `نشر كتّاب آخرون تعليقًا يكاد يطابقه خلال آخر ${num(p, 'windowMinutes')} دقيقة (عددهم ${num(p, 'authors')}، والاحتجاز يبدأ من ${num(p, 'threshold')})، وهذا يدل على نشر منسّق: ${str(p, 'commentIds')}.`,
  },
  'classifier-score': {
    en: (p) =>
      p.outcome === 'score'
        ? `The learned scorer rates it ${num(p, 'score').toFixed(2)}, under the ${num(p, 'threshold')} at which it holds.`
        : `The learned scorer rates it ${num(p, 'score').toFixed(2)}, at or over the ${num(p, 'threshold')} at which it ${p.outcome === 'reject' ? 'rejects' : 'holds'}; the highlighted words raised the score most.`,
    ar: (p) =>
      p.outcome === 'score'
        ? `قدّر المصنّف الآلي درجة التعليق بـ ${num(p, 'score').toFixed(2)}، وهي دون عتبة الاحتجاز ${num(p, 'threshold')}.`
        : `قدّر المصنّف الآلي درجة التعليق بـ ${num(p, 'score').toFixed(2)}، وهي تبلغ عتبة ${p.outcome === 'reject' ? 'الرفض' : 'الاحتجاز'} ${num(p, 'threshold')} أو تتجاوزها؛ الكلمات المظلّلة هي أكثر ما رفع الدرجة.`,
  },
  'external-verdict': {
    en: (p) =>
      `${
        p.outcome === 'reject'
          ? 'The external scorer asks to reject it'
          : p.outcome === 'hold'
            ? 'The external scorer asks to hold it for review'
            : 'The external scorer found nothing to act on'
      }${p.score !== undefined ? ` (score ${num(p, 'score').toFixed(2)})` : ''}${p.reasons ? `: ${str(p, 'reasons')}` : ''}.`,
    ar: (p) =>
      `${
        p.outcome === 'reject'
          ? 'طلب المقيّم الخارجي رفض التعليق'
          : p.outcome === 'hold'
            ? 'طلب المقيّم الخارجي إحالة التعليق إلى المراجعة'
            : 'لم يجد المقيّم الخارجي في التعليق ما يستدعي إجراءً'
      }${p.score !== undefined ? ` (الدرجة ${num(p, 'score').toFixed(2)})` : ''}${p.reasons ? `: ${str(p, 'reasons')}` : ''}.`,
  },
  'external-skipped': {
    en: (p) =>
      p.why === 'timeout'
        ? `The external scorer did not answer within ${num(p, 'timeoutMs')} ms; decided without it.`
        : p.why === 'circuit-open'
          ? 'The external scorer keeps failing and is paused for now (circuit open); decided without it.'
          : `The external scorer failed${p.detail ? ` (${str(p, 'detail')})` : ''}; decided without it.`,
    ar: (p) =>
      p.why === 'timeout'
        ? `لم يُجب المقيّم الخارجي خلال ${num(p, 'timeoutMs')} ملّي ثانية، فبُتّ في التعليق من دونه.`
        : p.why === 'circuit-open'
          ? 'المقيّم الخارجي يتعطّل مرارًا فأُوقف مؤقتًا (قاطع الدائرة مفتوح)، فبُتّ في التعليق من دونه.'
          : `تعذّر الحصول على ردّ المقيّم الخارجي${p.detail ? ` (${str(p, 'detail')})` : ''}، فبُتّ في التعليق من دونه.`,
  },
} satisfies Record<string, ReasonMessage>;

/** Every code a finding of the engine may carry. */
export type ReasonCode = keyof typeof REASON_MESSAGES;

/** Said after the reason of a hold a trusted author skipped (see `authorTrust.trustedSkipsHold`). */
export const TRUSTED_NOTE: Record<ReasonLanguage, string> = {
  en: 'Not held: the author is trusted.',
  ar: 'لم يُحتجز لأن الكاتب موثوق.',
};

export function isReasonCode(code: unknown): code is ReasonCode {
  return typeof code === 'string' && Object.hasOwn(REASON_MESSAGES, code);
}

/**
 * The finding's reason in a language, from its `code` and `params`. A finding without a known
 * code (stored before codes existed) falls back to its English `reason`.
 */
export function renderReason(
  finding: Pick<Finding, 'reason'> & { code?: unknown; params?: unknown; [k: string]: unknown },
  lang: ReasonLanguage,
): string {
  if (!isReasonCode(finding.code)) return finding.reason;
  const params = (
    finding.params && typeof finding.params === 'object' ? finding.params : {}
  ) as FindingParams;
  const text = REASON_MESSAGES[finding.code][lang](params);
  return finding.notHeldBecause === 'trusted-author' ? `${text} ${TRUSTED_NOTE[lang]}` : text;
}
