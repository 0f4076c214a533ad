// The policy page: edit the word lists and the scorer's thresholds, try a change on past
// comments (backtest) before saving it, save a draft or activate, read the history, roll back.
// Arabic first, English on request; everything from the v1 policy API.
import { h, timeElement } from './lib/dom.js';
import { ApiError, fetchJson } from './lib/http.js';

const TOKEN_KEY = 'moderation-token';
const LANG_KEY = 'policy-lang';
const LISTS = /** @type {const} */ (['bannedWords', 'suspectWords', 'allowWords']);

const STRINGS = {
  ar: {
    title: 'سياسة الإشراف',
    signIn: 'تسجيل الدخول',
    token: 'رمز المشرف',
    signInButton: 'دخول',
    signOut: 'خروج',
    badToken: 'الرمز غير صحيح.',
    terms: 'قوائم الكلمات',
    bannedWords: 'كلمات محظورة (رفض)',
    suspectWords: 'كلمات مشبوهة (تعليق للمراجعة)',
    allowWords: 'كلمات مسموحة',
    search: 'بحث في القائمة',
    add: 'إضافة',
    newTerm: 'كلمة أو عبارة جديدة',
    bulk: 'لصق قائمة',
    bulkAdd: 'إضافة الكل',
    bulkHint: 'كلمة في كل سطر، أو مفصولة بفواصل',
    remove: 'حذف',
    termCount: (/** @type {number} */ n, /** @type {number} */ shown) =>
      shown === n ? `${n} كلمة` : `${shown} من ${n} كلمة`,
    added: (/** @type {number} */ n) => `أضيفت ${n} كلمة.`,
    thresholds: 'عتبات المصنّف',
    classifierEnabled: 'تشغيل المصنّف',
    holdAt: 'تعليق للمراجعة عند',
    rejectAt: 'رفض عند (فارغ: أبداً)',
    note: 'ملاحظة',
    backtest: 'تجربة على التعليقات السابقة',
    saveDraft: 'حفظ كمسودة',
    saveActivate: 'حفظ وتفعيل',
    history: 'سجل النسخ',
    version: 'النسخة',
    when: 'التاريخ',
    by: 'بواسطة',
    active: 'مفعّلة',
    draft: 'مسودة',
    activate: 'تفعيل',
    diff: 'الفرق عن المفعّلة',
    activeVersion: (/** @type {number} */ v) => `النسخة المفعّلة: ${v}`,
    saved: (/** @type {number} */ v) => `حُفظت النسخة ${v}.`,
    activated: (/** @type {number} */ v) => `فُعّلت النسخة ${v}؛ يعمل بها المشرف الآلي خلال ثوانٍ.`,
    running: (/** @type {number} */ p) => `جارٍ التجربة… ${p}٪`,
    failed: 'فشلت التجربة:',
    summary: (/** @type {number} */ n, /** @type {number} */ c) =>
      `من ${n} تعليقاً، يتغيّر القرار في ${c}.`,
    actions: { approve: 'نشر', hold: 'مراجعة', reject: 'رفض' },
    agreement: 'التوافق مع قرارات المشرفين',
    precision: 'الدقة',
    recall: 'الاستدعاء',
    before: 'الحالية',
    after: 'الجديدة',
    rules: 'القواعد',
    noDiff: 'لا فرق.',
    addedTerms: 'أضيف',
    removedTerms: 'حذف',
    forbidden: 'هذا يحتاج رمز مدير.',
    network: 'تعذّر الوصول إلى الخادم.',
    noPolicy: 'لا توجد سياسة مفعّلة بعد.',
    precisionTitle: 'دقة القواعد',
    window: 'الفترة',
    days: (/** @type {number} */ n) => (n <= 10 ? `آخر ${num(n)} أيام` : `آخر ${num(n)} يوماً`),
    totals: (/** @type {number} */ n, /** @type {number} */ p) =>
      `قرّر المشرفون في ${num(n)} تعليقاً علّقته القواعد أو رفضتها؛ الدقة ${pct(p)}.`,
    noVerdicts: 'لا قرارات للمشرفين في هذه الفترة.',
    byRule: 'حسب القاعدة',
    byTerm: 'حسب الكلمة واللغة (الأكثر إلغاءً أولاً)',
    rule: 'القاعدة',
    term: 'الكلمة',
    language: 'اللغة',
    held: 'عُلّقت أو رُفضت',
    upheld: 'أيّدها المشرفون',
    overturned: 'ألغاها المشرفون',
    ruleNames: /** @type {Record<string, string>} */ ({
      'banned-words': 'كلمات محظورة',
      'suspect-words': 'كلمات مشبوهة',
      classifier: 'المصنّف',
      external: 'المقيّم الخارجي',
    }),
    moveToSuspect: 'نقل إلى المشبوهة',
    notInDraft: 'ليست في المسودة',
    moved: (/** @type {string} */ term) =>
      `نُقلت «${term}» إلى الكلمات المشبوهة في المسودة؛ احفظ لتطبيق التغيير.`,
    removed: (/** @type {string} */ term) => `حُذفت «${term}» من المسودة؛ احفظ لتطبيق التغيير.`,
  },
  en: {
    title: 'Moderation policy',
    signIn: 'Sign in',
    token: 'Moderator token',
    signInButton: 'Sign in',
    signOut: 'Sign out',
    badToken: 'That token is not valid.',
    terms: 'Word lists',
    bannedWords: 'Banned words (reject)',
    suspectWords: 'Suspect words (hold for review)',
    allowWords: 'Allowed words',
    search: 'Search the list',
    add: 'Add',
    newTerm: 'A new word or phrase',
    bulk: 'Paste a list',
    bulkAdd: 'Add all',
    bulkHint: 'One term per line, or separated by commas',
    remove: 'Remove',
    termCount: (/** @type {number} */ n, /** @type {number} */ shown) =>
      shown === n ? `${n} terms` : `${shown} of ${n} terms`,
    added: (/** @type {number} */ n) => `Added ${n} terms.`,
    thresholds: 'Classifier thresholds',
    classifierEnabled: 'Run the classifier',
    holdAt: 'Hold at score',
    rejectAt: 'Reject at score (empty: never)',
    note: 'Note',
    backtest: 'Try on past comments',
    saveDraft: 'Save as draft',
    saveActivate: 'Save and activate',
    history: 'Version history',
    version: 'Version',
    when: 'Date',
    by: 'By',
    active: 'active',
    draft: 'draft',
    activate: 'Activate',
    diff: 'Diff with active',
    activeVersion: (/** @type {number} */ v) => `Active version: ${v}`,
    saved: (/** @type {number} */ v) => `Saved version ${v}.`,
    activated: (/** @type {number} */ v) =>
      `Version ${v} is active; workers use it within seconds.`,
    running: (/** @type {number} */ p) => `Backtest running… ${p}%`,
    failed: 'The backtest failed:',
    summary: (/** @type {number} */ n, /** @type {number} */ c) =>
      `Of ${n} comments, ${c} would be decided differently.`,
    actions: { approve: 'approve', hold: 'hold', reject: 'reject' },
    agreement: "Agreement with moderators' verdicts",
    precision: 'precision',
    recall: 'recall',
    before: 'current',
    after: 'new',
    rules: 'Rules',
    noDiff: 'No difference.',
    addedTerms: 'added',
    removedTerms: 'removed',
    forbidden: 'This needs an admin token.',
    network: 'The server could not be reached.',
    noPolicy: 'No policy is active yet.',
    precisionTitle: 'Rule precision',
    window: 'Window',
    days: (/** @type {number} */ n) => `last ${num(n)} days`,
    totals: (/** @type {number} */ n, /** @type {number} */ p) =>
      `Moderators decided ${num(n)} comments the rules held or rejected; precision ${pct(p)}.`,
    noVerdicts: 'No moderator verdicts in this window.',
    byRule: 'By rule',
    byTerm: 'By term and language (most overturned first)',
    rule: 'Rule',
    term: 'Term',
    language: 'Language',
    held: 'held or rejected',
    upheld: 'upheld',
    overturned: 'overturned',
    ruleNames: /** @type {Record<string, string>} */ ({
      'banned-words': 'banned words',
      'suspect-words': 'suspect words',
      classifier: 'classifier',
      external: 'external scorer',
    }),
    moveToSuspect: 'Move to suspect',
    notInDraft: 'not in the draft',
    moved: (/** @type {string} */ term) =>
      `Moved “${term}” to the suspect words in the draft; save to apply.`,
    removed: (/** @type {string} */ term) => `Removed “${term}” from the draft; save to apply.`,
  },
};

/** @typedef {typeof STRINGS.en} Strings */

/** @type {'ar' | 'en'} */
let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ar';
const t = () => /** @type {Strings} */ (STRINGS[lang]);
/** A count in the page's language. @param {number} n */
function num(n) {
  return new Intl.NumberFormat(lang).format(n);
}
/** A share (0–1) as a percentage in the page's language. @param {number} share */
function pct(share) {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  /** @type {any} the active version as the API returned it */
  active: null,
  /** @type {any} the policy being edited (a copy of the active one) */
  draft: null,
  /** @type {typeof LISTS[number]} */
  list: 'bannedWords',
  search: '',
  /** @type {any[]} the version history, newest first */
  versions: [],
  /** @type {any} the precision report (`GET /api/v1/policy/precision`) */
  precision: null,
  precisionDays: 30,
};

/** @param {string} selector */
const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));
/** @param {string} selector */
const input = (selector) => /** @type {HTMLInputElement} */ (document.querySelector(selector));

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
function api(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${state.token ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetchJson(path, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

// ---- language ---------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t().title;
  for (const el of document.querySelectorAll('[data-t]')) {
    const key = /** @type {keyof Strings} */ (el.getAttribute('data-t'));
    const value = t()[key];
    if (typeof value === 'string') el.textContent = value;
  }
  $('[data-lang-toggle]').textContent = lang === 'ar' ? 'English' : 'العربية';
  input('[data-term-search]').placeholder = t().search;
  input('[data-term-input]').placeholder = t().newTerm;
  /** @type {HTMLTextAreaElement} */ ($('[data-bulk-text]')).placeholder = t().bulkHint;
  if (state.draft) {
    renderAll();
    renderVersions();
    $('[data-diff]').hidden = true;
  }
}

$('[data-lang-toggle]').addEventListener('click', () => {
  lang = lang === 'ar' ? 'en' : 'ar';
  localStorage.setItem(LANG_KEY, lang);
  applyLanguage();
});

// ---- errors -----------------------------------------------------------------------------

/** @param {unknown} error */
function showError(error) {
  const list = $('[data-field-errors]');
  list.replaceChildren();
  if (!(error instanceof ApiError)) {
    $('[data-error]').textContent = String(error);
    return;
  }
  if (error.status === 401) return signOut(t().badToken);
  $('[data-error]').textContent =
    error.status === 0
      ? t().network
      : error.status === 403
        ? t().forbidden
        : (error.problem?.detail ?? error.message);
  for (const field of error.problem?.errors ?? [])
    list.append(h('li', { dir: 'auto' }, h('code', {}, String(field.path)), ' ', field.message));
}

function clearMessages() {
  $('[data-error]').textContent = '';
  $('[data-field-errors]').replaceChildren();
  $('[data-status]').textContent = '';
}

// ---- signing in -------------------------------------------------------------------------

/** @param {string} [message] */
function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  $('[data-editor]').hidden = true;
  $('[data-sign-out]').hidden = true;
  $('[data-sign-in]').hidden = false;
  $('[data-sign-in-error]').textContent = message ?? '';
}

$('[data-sign-in]').addEventListener('submit', (event) => {
  event.preventDefault();
  state.token = input('#token').value.trim();
  void start();
});
$('[data-sign-out]').addEventListener('click', () => signOut());

async function start() {
  try {
    await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signOut(t().badToken);
    if (error instanceof ApiError && error.status === 404) {
      $('[data-sign-in-error]').textContent = t().noPolicy;
      return;
    }
    return signOut(error instanceof ApiError && error.status === 0 ? t().network : String(error));
  }
  sessionStorage.setItem(TOKEN_KEY, state.token ?? '');
  $('[data-sign-in]').hidden = true;
  $('[data-sign-out]').hidden = false;
  $('[data-editor]').hidden = false;
}

async function load() {
  state.active = await api('GET', '/api/v1/policy');
  state.draft = structuredClone(state.active.policy);
  renderAll();
  void loadPrecision();
  await loadVersions();
}

// ---- the editor -------------------------------------------------------------------------

/** @param {unknown} term */
const termText = (term) =>
  typeof term === 'string' ? term : String(/** @type {{ term: string }} */ (term).term);

function renderAll() {
  $('[data-status]').textContent = t().activeVersion(state.active.version);
  renderTabs();
  renderTerms();
  renderThresholds();
  renderPrecision();
}

function renderTabs() {
  $('[data-lists]').replaceChildren(
    ...LISTS.map((list) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          'data-list': list,
          'aria-selected': String(list === state.list),
          onclick: () => {
            state.list = list;
            renderTabs();
            renderTerms();
          },
        },
        t()[list],
        ' ',
        h('span', { class: 'count' }, String(state.draft[list].length)),
      ),
    ),
  );
}

function renderTerms() {
  /** @type {unknown[]} */
  const terms = state.draft[state.list];
  const needle = state.search.trim().toLowerCase();
  const shown = terms
    .map((term, index) => ({ term, index }))
    .filter(({ term }) => !needle || termText(term).toLowerCase().includes(needle));
  $('[data-terms]').replaceChildren(
    h('li', { class: 'terms-count' }, t().termCount(terms.length, shown.length)),
    ...shown.map(({ term, index }) =>
      h(
        'li',
        { class: 'term', 'data-term': termText(term) },
        h('span', { dir: 'auto' }, termText(term)),
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'aria-label': `${t().remove} ${termText(term)}`,
            onclick: () => {
              terms.splice(index, 1);
              renderTabs();
              renderTerms();
            },
          },
          '×',
        ),
      ),
    ),
  );
}

/** @param {string[]} candidates */
function addTerms(candidates) {
  /** @type {unknown[]} */
  const terms = state.draft[state.list];
  const known = new Set(terms.map((term) => termText(term)));
  let added = 0;
  for (const raw of candidates) {
    const term = raw.trim();
    if (!term || known.has(term)) continue;
    terms.push(term);
    known.add(term);
    added++;
  }
  $('[data-status]').textContent = t().added(added);
  renderTabs();
  renderTerms();
}

input('[data-term-search]').addEventListener('input', (event) => {
  state.search = /** @type {HTMLInputElement} */ (event.target).value;
  renderTerms();
});
$('[data-term-add]').addEventListener('submit', (event) => {
  event.preventDefault();
  addTerms([input('[data-term-input]').value]);
  input('[data-term-input]').value = '';
});
$('[data-bulk-add]').addEventListener('click', () => {
  const area = /** @type {HTMLTextAreaElement} */ ($('[data-bulk-text]'));
  addTerms(area.value.split(/[\n,،]/));
  area.value = '';
});

function renderThresholds() {
  const c = state.draft.classifier;
  input('[data-field="classifier.enabled"]').checked = Boolean(c.enabled);
  input('[data-field="classifier.holdAt"]').value = String(c.holdAt);
  input('[data-field="classifier.rejectAt"]').value = c.rejectAt === null ? '' : String(c.rejectAt);
}

/** The draft with the threshold fields as typed (the server validates them). */
function policyToSend() {
  const policy = structuredClone(state.draft);
  const number = (/** @type {string} */ selector) => {
    const value = input(selector).value.trim();
    return value === '' ? null : Number(value);
  };
  policy.classifier = {
    ...policy.classifier,
    enabled: input('[data-field="classifier.enabled"]').checked,
    holdAt: number('[data-field="classifier.holdAt"]'),
    rejectAt: number('[data-field="classifier.rejectAt"]'),
  };
  return policy;
}

// ---- precision ------------------------------------------------------------------------

async function loadPrecision() {
  try {
    state.precision = await api('GET', `/api/v1/policy/precision?days=${state.precisionDays}`);
    renderPrecision();
  } catch (error) {
    showError(error);
  }
}

$('[data-precision-days]').addEventListener('change', (event) => {
  state.precisionDays = Number(/** @type {HTMLSelectElement} */ (event.target).value);
  void loadPrecision();
});

/** @param {string} code */
function languageName(code) {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The draft's lists holding this term.
 * @param {string} term
 */
const listsOf = (term) =>
  LISTS.filter((list) =>
    state.draft[list].some((/** @type {unknown} */ x) => termText(x) === term),
  );

/**
 * Edits the draft only: the save / backtest / activate buttons apply it.
 * @param {string} term
 * @param {'suspect' | 'remove'} how
 */
function changeTerm(term, how) {
  clearMessages();
  /** @type {unknown[]} */
  const banned = state.draft.bannedWords;
  const entry = banned.find((x) => termText(x) === term);
  for (const list of /** @type {const} */ (['bannedWords', 'suspectWords']))
    state.draft[list] = state.draft[list].filter(
      (/** @type {unknown} */ x) => termText(x) !== term,
    );
  if (how === 'suspect' && entry !== undefined) state.draft.suspectWords.push(entry);
  renderTabs();
  renderTerms();
  renderPrecision();
  $('[data-status]').textContent = how === 'suspect' ? t().moved(term) : t().removed(term);
}

/** @param {any} c  counts with precision */
const countCells = (c) => [
  h('td', { 'data-held': true }, num(c.decided)),
  h('td', { 'data-upheld': true }, num(c.upheld)),
  h('td', { 'data-overturned': true }, num(c.overturned)),
  h('td', { 'data-precision-value': true }, pct(c.precision)),
];

function renderPrecision() {
  const s = t();
  const select = /** @type {HTMLSelectElement} */ ($('[data-precision-days]'));
  for (const option of select.options) option.textContent = s.days(Number(option.value));
  const report = state.precision;
  const box = $('[data-precision]');
  if (!report || !state.draft) return box.replaceChildren();
  if (report.totals.decided === 0) return box.replaceChildren(h('p', {}, s.noVerdicts));
  const ruleName = (/** @type {string} */ rule) => s.ruleNames[rule] ?? rule;
  const head = (/** @type {string[]} */ ...cells) =>
    h('thead', {}, h('tr', {}, ...cells.map((c) => h('th', {}, c))));
  const terms = report.items
    .filter((/** @type {any} */ i) => i.term !== null)
    .sort(
      (/** @type {any} */ a, /** @type {any} */ b) =>
        b.overturned - a.overturned || a.precision - b.precision || b.decided - a.decided,
    );
  box.replaceChildren(
    h(
      'p',
      { 'data-precision-totals': true },
      s.totals(report.totals.decided, report.totals.precision),
    ),
    h(
      'table',
      { class: 'precision', 'data-precision-rules': true },
      h('caption', {}, s.byRule),
      head(s.rule, s.held, s.upheld, s.overturned, s.precision),
      h(
        'tbody',
        {},
        ...report.rules.map((/** @type {any} */ r) =>
          h('tr', { 'data-rule': r.rule }, h('th', {}, ruleName(r.rule)), ...countCells(r)),
        ),
      ),
    ),
    ...(terms.length === 0
      ? []
      : [
          h(
            'table',
            { class: 'precision', 'data-precision-terms': true },
            h('caption', {}, s.byTerm),
            head(s.term, s.rule, s.language, s.held, s.upheld, s.overturned, s.precision, ''),
            h(
              'tbody',
              {},
              ...terms.map((/** @type {any} */ i) => {
                const lists = listsOf(i.term);
                return h(
                  'tr',
                  { 'data-term': i.term, 'data-language': i.language },
                  h('th', {}, h('bdi', { dir: 'auto' }, i.term)),
                  h('td', {}, ruleName(i.rule)),
                  h('td', {}, languageName(i.language)),
                  ...countCells(i),
                  h(
                    'td',
                    { class: 'term-actions' },
                    lists.includes('bannedWords')
                      ? h(
                          'button',
                          {
                            type: 'button',
                            'data-move-suspect': true,
                            onclick: () => changeTerm(i.term, 'suspect'),
                          },
                          s.moveToSuspect,
                        )
                      : null,
                    lists.includes('bannedWords') || lists.includes('suspectWords')
                      ? h(
                          'button',
                          {
                            type: 'button',
                            'data-remove-term': true,
                            onclick: () => changeTerm(i.term, 'remove'),
                          },
                          s.remove,
                        )
                      : h('span', { class: 'badge' }, s.notInDraft),
                  ),
                );
              }),
            ),
          ),
        ]),
  );
}

// ---- saving -----------------------------------------------------------------------------

/** @param {boolean} activate */
async function save(activate) {
  clearMessages();
  try {
    const note = input('[data-note]').value.trim();
    const saved = await api('PUT', '/api/v1/policy', {
      policy: policyToSend(),
      activate,
      ...(note && { note }),
    });
    input('[data-note]').value = '';
    if (activate) await load();
    else await loadVersions();
    $('[data-status]').textContent = activate
      ? t().activated(saved.version)
      : t().saved(saved.version);
  } catch (error) {
    showError(error);
  }
}
$('[data-save-draft]').addEventListener('click', () => void save(false));
$('[data-save-activate]').addEventListener('click', () => void save(true));

// ---- backtest ---------------------------------------------------------------------------

$('[data-backtest]').addEventListener('click', () => void backtest());

async function backtest() {
  clearMessages();
  const panel = $('[data-backtest-result]');
  try {
    const started = await api('POST', '/api/v1/policy/backtest', { policy: policyToSend() });
    panel.hidden = false;
    panel.replaceChildren(h('p', { 'data-progress': true }, t().running(0)));
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const run = await api('GET', `/api/v1/policy/backtests/${started.id}`);
      if (run.status === 'done') return renderBacktest(run.result);
      if (run.status === 'failed') {
        panel.replaceChildren(h('p', { class: 'form-error' }, t().failed, ' ', run.error ?? ''));
        return;
      }
      panel.replaceChildren(h('p', { 'data-progress': true }, t().running(run.progress)));
    }
  } catch (error) {
    showError(error);
  }
}

/** @param {number | null} share */
const percent = (share) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/**
 * The comment's text with the spans a rule matched marked (text nodes only).
 * @param {string} body
 * @param {{ start: number, end: number }[]} spans
 */
function highlighted(body, spans) {
  const parts = [];
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    parts.push(body.slice(at, span.start), h('mark', {}, body.slice(span.start, span.end)));
    at = span.end;
  }
  parts.push(body.slice(at));
  return h('p', { class: 'example-body', dir: 'auto' }, ...parts);
}

/** @param {any} result */
function renderBacktest(result) {
  const s = t();
  const a = result.agreement;
  $('[data-backtest-result]').replaceChildren(
    h('h2', {}, s.backtest),
    h('p', { 'data-summary': true }, s.summary(result.comments, result.changed)),
    ...result.changes.map((/** @type {any} */ change) =>
      h(
        'div',
        { class: 'change', 'data-change': `${change.from}-${change.to}` },
        h(
          'h3',
          {},
          `${s.actions[/** @type {'approve'} */ (change.from)]} → ${s.actions[/** @type {'approve'} */ (change.to)]}: ${change.count}`,
        ),
        ...change.examples.map((/** @type {any} */ example) =>
          highlighted(
            example.body,
            [...example.after, ...example.before].flatMap((/** @type {any} */ f) => f.spans),
          ),
        ),
      ),
    ),
    h(
      'table',
      { class: 'agreement' },
      h('caption', {}, s.agreement),
      h('tr', {}, h('th'), h('th', {}, s.precision), h('th', {}, s.recall)),
      h(
        'tr',
        {},
        h('th', {}, s.before),
        h('td', {}, percent(a.before.precision)),
        h('td', {}, percent(a.before.recall)),
      ),
      h(
        'tr',
        {},
        h('th', {}, s.after),
        h('td', {}, percent(a.after.precision)),
        h('td', {}, percent(a.after.recall)),
      ),
    ),
    h(
      'p',
      { class: 'rules' },
      `${s.rules}: `,
      // Rule ids and counts read left to right, inside Arabic text too.
      result.rules.map((/** @type {any} */ r) =>
        h('bdi', { dir: 'ltr', class: 'rule-count' }, `${r.rule} ${r.before} → ${r.after} `),
      ),
    ),
  );
}

// ---- history ----------------------------------------------------------------------------

async function loadVersions() {
  state.versions = (await api('GET', '/api/v1/policy/versions')).items;
  renderVersions();
}

function renderVersions() {
  const items = state.versions;
  const s = t();
  const locale = lang === 'ar' ? 'ar' : 'en';
  $('[data-versions]').replaceChildren(
    ...items.map((/** @type {any} */ v) =>
      h(
        'tr',
        { 'data-version': String(v.version), class: v.active ? 'active' : '' },
        h(
          'td',
          {},
          String(v.version),
          ' ',
          h('span', { class: 'badge' }, v.active ? s.active : v.activatedAt ? '' : s.draft),
        ),
        h('td', {}, timeElement(v.createdAt, locale)),
        h('td', { dir: 'auto' }, v.createdBy),
        h('td', { dir: 'auto' }, v.note ?? ''),
        h(
          'td',
          {},
          v.active
            ? null
            : [
                h('button', { type: 'button', onclick: () => void showDiff(v.version) }, s.diff),
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    'data-activate': String(v.version),
                    onclick: () => void activate(v.version),
                  },
                  s.activate,
                ),
              ],
        ),
      ),
    ),
  );
}

/** @param {number} version */
async function activate(version) {
  clearMessages();
  try {
    await api('POST', `/api/v1/policy/versions/${version}/activate`);
    await load();
    $('[data-status]').textContent = t().activated(version);
  } catch (error) {
    showError(error);
  }
}

/** @param {number} version */
async function showDiff(version) {
  try {
    const diff = await api('GET', `/api/v1/policy/diff?from=${state.active.version}&to=${version}`);
    const s = t();
    const box = $('[data-diff]');
    box.hidden = false;
    box.replaceChildren(
      h('h3', {}, `${state.active.version} → ${version}`),
      ...(diff.lists.length + diff.changed.length === 0 ? [h('p', {}, s.noDiff)] : []),
      ...diff.lists.map((/** @type {any} */ list) =>
        h(
          'p',
          { dir: 'auto' },
          h('code', {}, list.path),
          list.added.length ? ` +${s.addedTerms}: ${list.added.map(termText).join('، ')}` : '',
          list.removed.length
            ? ` −${s.removedTerms}: ${list.removed.map(termText).join('، ')}`
            : '',
        ),
      ),
      ...diff.changed.map((/** @type {any} */ c) =>
        h('p', {}, h('code', {}, c.path), ` ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`),
      ),
    );
  } catch (error) {
    showError(error);
  }
}

applyLanguage();
if (state.token) void start();
else $('[data-sign-in]').hidden = false;
