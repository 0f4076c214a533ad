// The widget's words, in Arabic for Arabic articles and English for everything else.
import { directionOf, primarySubtag } from '../lib/text-facts.js';

/** A date-time in the reader's words ("2 Dec 2026, 14:05"). @param {string} lang @param {string} iso */
const when = (lang, iso) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

const AR = {
  heading: 'التعليقات',
  noComments: 'لا توجد تعليقات بعد. كن أول من يعلّق.',
  /** @param {number} n @param {string} formatted */
  count: (n, formatted) => {
    switch (new Intl.PluralRules('ar').select(n)) {
      case 'zero':
        return 'لا تعليقات';
      case 'one':
        return 'تعليق واحد';
      case 'two':
        return 'تعليقان';
      case 'few':
        return `${formatted} تعليقات`;
      case 'many':
        return `${formatted} تعليقًا`;
      default:
        return `${formatted} تعليق`;
    }
  },
  formHeading: 'أضف تعليقك',
  name: 'الاسم',
  email: 'البريد الإلكتروني (اختياري، لا يُنشر)',
  body: 'تعليقك',
  submit: 'أرسل التعليق',
  sending: 'جارٍ الإرسال…',
  moderated: 'تُراجع التعليقات قبل نشرها.',
  replyingTo: 'ردًا على',
  cancelReply: 'إلغاء الرد',
  reply: 'رد',
  inReplyToEarlier: 'ردًا على تعليق أقدم',
  loadMore: 'تحميل المزيد من التعليقات',
  loading: 'جارٍ التحميل…',
  closed: 'أُغلق باب التعليق على هذا المقال.',
  pending: 'بانتظار المراجعة',
  pendingNote: 'شكرًا! سيظهر تعليقك للجميع بعد مراجعته.',
  published: 'نُشر',
  publishedNote: 'نُشر تعليقك.',
  rejectedNote: 'لم يُنشر تعليقك لأنه لا يتوافق مع قواعد المشاركة.',
  dismiss: 'إخفاء',
  yourComment: 'تعليقك',
  nameRequired: 'اكتب اسمك.',
  /** @param {number} max */
  nameTooLong: (max) => `الاسم أطول من ${max} حرفًا.`,
  bodyRequired: 'اكتب تعليقك أولًا.',
  /** @param {number} max */
  bodyTooLong: (max) => `التعليق أطول من الحد المسموح (${max} حرف). اختصره قليلًا.`,
  emailInvalid: 'عنوان البريد الإلكتروني غير صحيح.',
  parentInvalid: 'التعليق الذي ترد عليه لم يعد متاحًا.',
  fieldInvalid: 'تحقق من هذا الحقل.',
  errorInvalid: 'لم نتمكن من قبول التعليق. راجع الحقول المعلّمة.',
  errorNotFound: 'هذا المقال أو التعليق لم يعد موجودًا.',
  errorClosed: 'أُغلق باب التعليق على هذا المقال.',
  errorTooLarge: 'التعليق أطول من المسموح.',
  /** @param {number | null} seconds */
  errorRateLimited: (seconds) =>
    seconds
      ? `أرسلت تعليقات كثيرة في وقت قصير. حاول مجددًا بعد ${seconds} ثانية.`
      : 'أرسلت تعليقات كثيرة في وقت قصير. حاول مجددًا بعد قليل.',
  errorNetwork: 'تعذر الاتصال بالخادم. تعليقك محفوظ هنا، حاول مجددًا.',
  errorServer: 'حدث خطأ لدينا. تعليقك محفوظ هنا، حاول مجددًا بعد قليل.',
  errorLoad: 'تعذر تحميل التعليقات.',
  /** @param {string | null} until ISO date-time the suspension ends */
  errorSuspended: (until) =>
    until
      ? `حسابك موقوف عن التعليق حتى ${when('ar', until)}. يمكنك التعليق مجددًا بعد ذلك.`
      : 'حسابك موقوف عن التعليق مؤقتًا.',
  errorBanned: 'حسابك ممنوع من التعليق على هذا الموقع.',
  errorSignIn: 'سجّل الدخول إلى الموقع لتتمكن من التعليق.',
  retry: 'أعد المحاولة',
  report: 'إبلاغ',
  reportHeading: 'لماذا تبلّغ عن هذا التعليق؟',
  reportReasons: {
    abuse: 'إساءة أو كراهية',
    spam: 'رسائل مزعجة أو إعلان',
    'off-topic': 'خارج موضوع المقال',
    other: 'سبب آخر',
  },
  reportNote: 'ملاحظة (اختياري)',
  reportSend: 'أرسل البلاغ',
  reportCancel: 'إلغاء',
  reportChooseReason: 'اختر سببًا.',
  reportThanks: 'شكرًا، وصل بلاغك وسيراجعه المشرفون.',
  reported: 'أُرسل البلاغ',
  reportFailed: 'تعذر إرسال البلاغ. حاول مجددًا بعد قليل.',
  reportRateLimited: 'أرسلت بلاغات كثيرة في وقت قصير. حاول مجددًا لاحقًا.',
};

/** @type {typeof AR} */
const EN = {
  heading: 'Comments',
  noComments: 'No comments yet. Be the first to comment.',
  count: (n, formatted) =>
    n === 0 ? 'No comments' : n === 1 ? '1 comment' : `${formatted} comments`,
  formHeading: 'Add your comment',
  name: 'Name',
  email: 'Email (optional, never shown)',
  body: 'Your comment',
  submit: 'Post comment',
  sending: 'Sending…',
  moderated: 'Comments are reviewed before they are published.',
  replyingTo: 'Replying to',
  cancelReply: 'Cancel reply',
  reply: 'Reply',
  inReplyToEarlier: 'in reply to an earlier comment',
  loadMore: 'Load more comments',
  loading: 'Loading…',
  closed: 'Comments are closed on this article.',
  pending: 'Awaiting moderation',
  pendingNote: 'Thank you! Your comment will appear for everyone once it has been reviewed.',
  published: 'Published',
  publishedNote: 'Your comment was published.',
  rejectedNote: 'Your comment was not published because it does not meet our community guidelines.',
  dismiss: 'Dismiss',
  yourComment: 'Your comment',
  nameRequired: 'Please enter your name.',
  nameTooLong: (max) => `Your name is longer than ${max} characters.`,
  bodyRequired: 'Please write your comment first.',
  bodyTooLong: (max) => `Your comment is longer than ${max} characters. Please shorten it.`,
  emailInvalid: 'That email address does not look right.',
  parentInvalid: 'The comment you are replying to is no longer available.',
  fieldInvalid: 'Please check this field.',
  errorInvalid: 'We could not accept the comment. Please check the marked fields.',
  errorNotFound: 'This article or comment no longer exists.',
  errorClosed: 'Comments are closed on this article.',
  errorTooLarge: 'Your comment is too long.',
  errorRateLimited: (seconds) =>
    seconds
      ? `You are commenting too fast. Please try again in ${seconds} seconds.`
      : 'You are commenting too fast. Please try again shortly.',
  errorNetwork: 'Could not reach the server. Your comment is kept here; please try again.',
  errorServer:
    'Something went wrong on our side. Your comment is kept here; please try again shortly.',
  errorLoad: 'Could not load the comments.',
  errorSuspended: (until) =>
    until
      ? `Your account is suspended from commenting until ${when('en', until)}. You can comment again after that.`
      : 'Your account is suspended from commenting for now.',
  errorBanned: 'Your account is banned from commenting on this site.',
  errorSignIn: 'Sign in on the site to comment.',
  retry: 'Try again',
  report: 'Report',
  reportHeading: 'Why are you reporting this comment?',
  reportReasons: {
    abuse: 'Abusive or hateful',
    spam: 'Spam or advertising',
    'off-topic': 'Off topic',
    other: 'Something else',
  },
  reportNote: 'Note (optional)',
  reportSend: 'Send report',
  reportCancel: 'Cancel',
  reportChooseReason: 'Please choose a reason.',
  reportThanks: 'Thank you. Your report was received; moderators will review the comment.',
  reported: 'Reported',
  reportFailed: 'Could not send the report. Please try again shortly.',
  reportRateLimited: 'You have sent many reports in a short time. Please try again later.',
};

/** @typedef {typeof AR} Strings */

/**
 * @param {string} language article language tag, e.g. "ar" or "en-GB"
 * @returns {{ strings: Strings, locale: string, dir: 'rtl' | 'ltr', format: (n: number) => string }}
 */
export function localeFor(language) {
  const arabic = primarySubtag(language) === 'ar';
  const locale = arabic ? 'ar' : 'en';
  const numbers = new Intl.NumberFormat(locale);
  return {
    strings: arabic ? AR : EN,
    locale,
    // The direction of the language the widget's words are in (the comments themselves are dir="auto").
    dir: directionOf(locale),
    format: (n) => numbers.format(n),
  };
}
