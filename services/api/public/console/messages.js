// Every word the moderator console says, in English and Arabic: the one catalogue. The server
// renders the page shell from it (moderation-page.ts) and the browser re-renders from it when
// the moderator switches language (i18n.js). `{name}` is filled in; an object is a plural,
// chosen by Intl.PluralRules (Arabic has six forms).
// Plain data, no DOM: the server imports this file too.

/**
 * @typedef {{ zero?: string, one?: string, two?: string, few?: string, many?: string, other: string }} Plural
 * @typedef {string | Plural} Message
 */

const en = {
  title: 'Moderation',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'Moderator token',
  tokenMissing: 'Paste your moderator token.',
  tokenUnknown: 'That token was not recognised.',
  reviewQueue: 'Review queue',
  queues: 'Queues',
  'tab.pending': 'Pending',
  'tab.reported': 'Reported',
  'tab.rejected': 'Rejected',
  'tab.approved': 'Approved',
  article: 'Article',
  allArticles: 'All articles',
  refresh: 'Refresh',
  selectAll: 'Select all',
  selectedCount: '{n} selected',
  approveSelected: 'Approve selected',
  rejectSelected: 'Reject selected',
  bulkReasonPlaceholder: 'Reason for rejecting (optional)',
  bulkReasonLabel: 'Reason for rejecting the selected comments',
  empty: 'Nothing to review here.',
  reportedUnavailable: 'This server does not list reported comments yet.',
  loadMore: 'Load more',
  queueFailed: 'Could not load the queue. {error}',
  approvedOne: 'Approved the comment by {name}.',
  rejectedOne: 'Rejected the comment by {name}.',
  approvedMany: { one: 'Approved {n} comment.', other: 'Approved {n} comments.' },
  rejectedMany: { one: 'Rejected {n} comment.', other: 'Rejected {n} comments.' },
  failedMany: {
    one: '{n} failed and is still selected.',
    other: '{n} failed and are still selected.',
  },
  approveFailed: 'Could not approve: {error}',
  rejectFailed: 'Could not reject: {error}',
  // Cards
  'decision.approve': 'Approved',
  'decision.hold': 'Held',
  'decision.reject': 'Rejected',
  byPipeline: '{decision} by the pipeline',
  byModerator: '{decision} by {name}',
  bySomeModerator: '{decision} by a moderator',
  selectComment: 'Select the comment by {name}',
  on: 'on',
  reply: 'reply',
  reasonPlaceholder: 'Reason (optional)',
  reasonLabel: 'Reason for rejecting',
  'quick.abusive': 'Abusive',
  'quick.spam': 'Spam',
  'quick.offTopic': 'Off topic',
  'quick.personalData': 'Personal data',
  confirmReject: 'Confirm reject',
  cancel: 'Cancel',
  approve: 'Approve',
  approveAfterAll: 'Approve after all',
  reject: 'Reject',
  takeDown: 'Take down',
  // Errors, in plain words
  'error.unexpected': 'Something unexpected went wrong. Nothing was changed; try again.',
  'error.offline': 'Could not reach the server. Nothing was changed; try again.',
  'error.session': 'Your session has ended. Sign in again; nothing was changed.',
  'error.forbidden': 'This token is not allowed to moderate.',
  'error.notFound': 'This comment no longer exists.',
  'error.conflict': 'Someone else has already decided this comment. Refresh to see it.',
  'error.tooMany': 'Too many requests. Try again shortly.',
  'error.tooManyWait': 'Too many requests. Try again in {seconds} s.',
  'error.server': 'The server failed. Nothing was changed; try again.',
  'error.refused': 'The server refused: {title}.',
  // Keyboard shortcuts
  shortcuts: 'Keyboard shortcuts',
  'keys.move': 'next / previous comment',
  'keys.approve': 'approve',
  'keys.reject': 'reject (type a reason, Enter to confirm, Esc to cancel)',
  'keys.select': 'select / unselect',
  'keys.bulk': 'approve / reject every selected comment',
  'keys.tabs': 'pending, reported, rejected, approved',
  'keys.help': 'show or hide these shortcuts',
};

/** @typedef {keyof typeof en} MessageKey */

/** @type {Record<MessageKey, Message>} */
const ar = {
  title: 'الإشراف',
  language: 'اللغة',
  signIn: 'تسجيل الدخول',
  signOut: 'تسجيل الخروج',
  token: 'رمز المشرف',
  tokenMissing: 'الصق رمز المشرف الخاص بك.',
  tokenUnknown: 'لم نتعرّف على هذا الرمز.',
  reviewQueue: 'قائمة المراجعة',
  queues: 'القوائم',
  'tab.pending': 'بانتظار المراجعة',
  'tab.reported': 'مُبلَّغ عنها',
  'tab.rejected': 'مرفوضة',
  'tab.approved': 'منشورة',
  article: 'المقال',
  allArticles: 'كل المقالات',
  refresh: 'تحديث',
  selectAll: 'تحديد الكل',
  selectedCount: {
    zero: 'لا شيء محدد',
    one: 'تعليق واحد محدد',
    two: 'تعليقان محددان',
    few: '{n} تعليقات محددة',
    many: '{n} تعليقًا محددًا',
    other: '{n} تعليق محدد',
  },
  approveSelected: 'انشر المحدد',
  rejectSelected: 'ارفض المحدد',
  bulkReasonPlaceholder: 'سبب الرفض (اختياري)',
  bulkReasonLabel: 'سبب رفض التعليقات المحددة',
  empty: 'لا شيء للمراجعة هنا.',
  reportedUnavailable: 'هذا الخادم لا يعرض التعليقات المُبلَّغ عنها بعد.',
  loadMore: 'المزيد',
  queueFailed: 'تعذّر تحميل القائمة. {error}',
  approvedOne: 'نُشر تعليق {name}.',
  rejectedOne: 'رُفض تعليق {name}.',
  approvedMany: {
    zero: 'لم يُنشر أي تعليق.',
    one: 'نُشر تعليق واحد.',
    two: 'نُشر تعليقان.',
    few: 'نُشرت {n} تعليقات.',
    many: 'نُشر {n} تعليقًا.',
    other: 'نُشر {n} تعليق.',
  },
  rejectedMany: {
    zero: 'لم يُرفض أي تعليق.',
    one: 'رُفض تعليق واحد.',
    two: 'رُفض تعليقان.',
    few: 'رُفضت {n} تعليقات.',
    many: 'رُفض {n} تعليقًا.',
    other: 'رُفض {n} تعليق.',
  },
  failedMany: {
    one: 'فشل تعليق واحد وما زال محددًا.',
    two: 'فشل تعليقان وما زالا محددين.',
    few: 'فشلت {n} تعليقات وما زالت محددة.',
    other: 'فشل {n} تعليقًا وما زالت محددة.',
  },
  approveFailed: 'تعذّر النشر: {error}',
  rejectFailed: 'تعذّر الرفض: {error}',
  'decision.approve': 'نُشر',
  'decision.hold': 'عُلّق',
  'decision.reject': 'رُفض',
  byPipeline: '{decision} آليًا',
  byModerator: '{decision} بقرار {name}',
  bySomeModerator: '{decision} بقرار مشرف',
  selectComment: 'حدد تعليق {name}',
  on: 'على',
  reply: 'رد',
  reasonPlaceholder: 'السبب (اختياري)',
  reasonLabel: 'سبب الرفض',
  'quick.abusive': 'مسيء',
  'quick.spam': 'رسائل مزعجة',
  'quick.offTopic': 'خارج الموضوع',
  'quick.personalData': 'بيانات شخصية',
  confirmReject: 'تأكيد الرفض',
  cancel: 'إلغاء',
  approve: 'انشر',
  approveAfterAll: 'انشر رغم ذلك',
  reject: 'ارفض',
  takeDown: 'احذف من الصفحة',
  'error.unexpected': 'حدث خطأ غير متوقع. لم يتغير شيء؛ حاول مجددًا.',
  'error.offline': 'تعذّر الوصول إلى الخادم. لم يتغير شيء؛ حاول مجددًا.',
  'error.session': 'انتهت جلستك. سجّل الدخول مجددًا؛ لم يتغير شيء.',
  'error.forbidden': 'هذا الرمز لا يملك صلاحية الإشراف.',
  'error.notFound': 'هذا التعليق لم يعد موجودًا.',
  'error.conflict': 'سبقك مشرف آخر إلى هذا التعليق. حدّث الصفحة لترى قراره.',
  'error.tooMany': 'طلبات كثيرة. حاول بعد قليل.',
  'error.tooManyWait': 'طلبات كثيرة. حاول بعد {seconds} ثانية.',
  'error.server': 'تعطّل الخادم. لم يتغير شيء؛ حاول مجددًا.',
  'error.refused': 'رفض الخادم الطلب: {title}.',
  shortcuts: 'اختصارات لوحة المفاتيح',
  'keys.move': 'التعليق التالي / السابق',
  'keys.approve': 'انشر',
  'keys.reject': 'ارفض (اكتب السبب، Enter للتأكيد، Esc للإلغاء)',
  'keys.select': 'حدد / ألغِ التحديد',
  'keys.bulk': 'انشر / ارفض كل التعليقات المحددة',
  'keys.tabs': 'بانتظار المراجعة، مُبلَّغ عنها، مرفوضة، منشورة',
  'keys.help': 'أظهر هذه الاختصارات أو أخفها',
};

/** @type {Record<'en' | 'ar', Record<MessageKey, Message>>} */
export const MESSAGES = { en, ar };

/** @typedef {'en' | 'ar'} ConsoleLanguage */
export const LANGUAGES = /** @type {const} */ (['en', 'ar']);

/**
 * The message in `lang`, with `{name}` filled from `params`; a plural picks its form by `n`.
 * @param {ConsoleLanguage} lang
 * @param {MessageKey} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function translate(lang, key, params = {}) {
  const message = MESSAGES[lang][key] ?? MESSAGES.en[key];
  let text;
  if (typeof message === 'string') text = message;
  else {
    const n = Number(params.n ?? 0);
    const form = /** @type {keyof Plural} */ (new Intl.PluralRules(lang).select(n));
    text = message[form] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(lang).format(value) : value;
  });
}
