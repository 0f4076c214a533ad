import express from 'express';
import { createStaticAssets } from './static-assets.ts';
import { html } from './html.ts';

/**
 * The policy page (`/moderation/policy`): an Arabic-first shell (policy.js switches it to English
 * and fills it from the v1 policy API). Static, so it reuses the console's stylesheet and adds
 * its own; every string the script shows lives in policy.js in both languages.
 */
export function renderPolicyPage(url: (asset: string) => string): string {
  return `<!doctype html>\n${
    html`<html lang="ar" dir="rtl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="${url('favicon.svg')}" type="image/svg+xml" />
        <meta name="robots" content="noindex" />
        <title>سياسة الإشراف</title>
        <link rel="stylesheet" href="${url('console.css')}" />
        <link rel="stylesheet" href="${url('policy.css')}" />
        <script type="module" src="${url('policy.js')}"></script>
      </head>
      <body>
        <header class="console-header">
          <h1 data-t="title">سياسة الإشراف</h1>
          <button type="button" class="link-button" data-lang-toggle>English</button>
          <button type="button" class="link-button" data-sign-out hidden data-t="signOut">
            خروج
          </button>
        </header>
        <main class="console policy-page">
          <form class="sign-in" data-sign-in hidden>
            <h2 data-t="signIn">تسجيل الدخول</h2>
            <label for="token" data-t="token">رمز المشرف</label>
            <input
              id="token"
              name="token"
              type="password"
              autocomplete="current-password"
              spellcheck="false"
              required
            />
            <p class="form-error" role="alert" data-sign-in-error></p>
            <button type="submit" class="primary" data-t="signInButton">دخول</button>
          </form>
          <div data-editor hidden>
            <p class="announce" role="status" aria-live="polite" data-status></p>
            <p class="form-error" role="alert" data-error></p>
            <ul class="field-errors" data-field-errors></ul>
            <section class="policy-section" aria-labelledby="terms-heading">
              <h2 id="terms-heading" data-t="terms">قوائم الكلمات</h2>
              <div class="tabs" role="tablist" data-lists></div>
              <input type="search" data-term-search dir="auto" />
              <ul class="terms" data-terms></ul>
              <form class="term-add" data-term-add>
                <input type="text" name="term" dir="auto" required data-term-input />
                <button type="submit" data-t="add">إضافة</button>
              </form>
              <details class="bulk">
                <summary data-t="bulk">لصق قائمة</summary>
                <textarea rows="4" dir="auto" data-bulk-text></textarea>
                <button type="button" data-bulk-add data-t="bulkAdd">إضافة الكل</button>
              </details>
            </section>
            <section class="policy-section" aria-labelledby="precision-heading">
              <h2 id="precision-heading" data-t="precisionTitle">دقة القواعد</h2>
              <label
                ><span data-t="window">الفترة</span>
                <select data-precision-days>
                  <option value="7">7</option>
                  <option value="30" selected>30</option>
                  <option value="90">90</option>
                </select></label
              >
              <div data-precision aria-live="polite"></div>
            </section>
            <section class="policy-section" aria-labelledby="thresholds-heading">
              <h2 id="thresholds-heading" data-t="thresholds">عتبات المصنّف</h2>
              <label
                ><input type="checkbox" data-field="classifier.enabled" />
                <span data-t="classifierEnabled">تشغيل المصنّف</span></label
              >
              <label
                ><span data-t="holdAt">تعليق عند</span>
                <input type="number" min="0" max="1" step="0.01" data-field="classifier.holdAt"
              /></label>
              <label
                ><span data-t="rejectAt">رفض عند (فارغ: أبداً)</span>
                <input type="number" min="0" max="1" step="0.01" data-field="classifier.rejectAt"
              /></label>
            </section>
            <section class="policy-section actions">
              <label
                ><span data-t="note">ملاحظة</span>
                <input type="text" maxlength="500" dir="auto" data-note
              /></label>
              <button type="button" data-backtest data-t="backtest">
                تجربة على التعليقات السابقة
              </button>
              <button type="button" data-save-draft data-t="saveDraft">حفظ كمسودة</button>
              <button type="button" class="primary" data-save-activate data-t="saveActivate">
                حفظ وتفعيل
              </button>
            </section>
            <section
              class="policy-section"
              data-backtest-result
              hidden
              aria-live="polite"
            ></section>
            <section class="policy-section" aria-labelledby="history-heading">
              <h2 id="history-heading" data-t="history">سجل النسخ</h2>
              <table class="versions">
                <thead>
                  <tr>
                    <th data-t="version">النسخة</th>
                    <th data-t="when">التاريخ</th>
                    <th data-t="by">بواسطة</th>
                    <th data-t="note">ملاحظة</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody data-versions></tbody>
              </table>
              <div data-diff hidden></div>
            </section>
          </div>
        </main>
      </body>
    </html>`.value
  }`;
}

/** `GET /moderation/policy`. Its assets are the console's, under the same build URLs. */
export function policyPageRouter(): express.Router {
  const assets = createStaticAssets();
  const page = renderPolicyPage((asset) => assets.url(asset));
  const router = express.Router();
  router.get('/moderation/policy', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(page);
  });
  return router;
}
