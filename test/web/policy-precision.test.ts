import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext, screenshot, watchPage } from '../support/browser.ts';
import { call, decided, startStack, type Stack } from '../support/stack.ts';
import { postViaApi } from './pages.ts';

describe("the policy page's rule precision", () => {
  let stack: Stack;
  let browser: Browser;
  let moderator: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ policy: { bannedWords: ['حمار'], suspectWords: ['كذاب', 'سخيف'] } }),
      launchBrowser(),
    ]);
    moderator = await stack.createModerator('moderator');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function post(body: string, expected: 'pending' | 'rejected') {
    const id = await postViaApi(stack, body);
    expect(await decided(stack, id)).toBe(expected);
    return id;
  }
  async function decide(id: string, action: 'approve' | 'reject') {
    const response = await call(
      stack.baseUrl,
      'POST',
      `/api/v1/moderation/comments/${id}/${action}`,
      { token: moderator, json: {} },
    );
    expect(response.status).toBe(200);
  }
  /** A count or a share as the page's `Intl` writes it in its language. */
  const intl = (page: Page, locale: string, value: number, percent = false) =>
    page.evaluate(
      ([l, v, p]) =>
        new Intl.NumberFormat(l, {
          ...(p ? { style: 'percent', maximumFractionDigits: 0 } : {}),
        }).format(v),
      [locale, value, percent] as const,
    );

  test('a suspect word moderators keep overturning tops the list; removing it from the draft and saving makes a version without it', async () => {
    // "كذاب" held three times, overturned three times: the noisy term.
    for (const body of [
      'قال الشاهد إن المتهم كذاب، حسب المحكمة',
      'عنوان الفيلم "الكذاب" وليس كذاب كما كُتب',
      'رواية كذاب القرية من أجمل ما قرأت',
    ])
      await decide(await post(body, 'pending'), 'approve');
    // The banned word's rejection overturned once.
    await decide(await post('قصة الحمار في المزرعة جميلة', 'rejected'), 'approve');
    // "سخيف" upheld, but 40 days ago: only in the 90-day window.
    const old = await post('هذا كلام سخيف ولا معنى له', 'pending');
    await decide(old, 'reject');
    await stack.db.$executeRaw`
      UPDATE decisions SET created_at = created_at - interval '40 days'
      WHERE comment_id = ${old}::uuid`;

    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${stack.baseUrl}/moderation/policy`);
    await page.getByLabel('رمز المشرف').fill(stack.adminToken);
    await page.getByRole('button', { name: 'دخول' }).click();
    const terms = page.locator('[data-precision-terms] tbody tr');
    await terms.first().waitFor();
    expect(await page.locator('#precision-heading').textContent()).toBe('دقة القواعد');

    // Noisiest first: most overturned, then lowest precision; numbers in Arabic.
    expect(await terms.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-term')))).toEqual(
      ['كذاب', 'حمار'],
    );
    const noisy = page.locator('[data-precision-terms] tr[data-term="كذاب"]');
    expect(await noisy.locator('[data-overturned]').textContent()).toBe(await intl(page, 'ar', 3));
    expect(await noisy.locator('[data-held]').textContent()).toBe(await intl(page, 'ar', 3));
    expect(await noisy.locator('[data-precision-value]').textContent()).toBe(
      await intl(page, 'ar', 0, true),
    );
    expect(await noisy.locator('bdi').getAttribute('dir')).toBe('auto');
    expect(await noisy.locator('td').nth(0).textContent()).toBe('كلمات مشبوهة');
    const rules = page.locator('[data-precision-rules] tr[data-rule="suspect-words"]');
    expect(await rules.locator('[data-overturned]').textContent()).toBe(await intl(page, 'ar', 3));
    // A banned term offers both actions, a suspect term only removal.
    expect(await noisy.locator('button').allTextContents()).toEqual(['حذف']);
    const banned = page.locator('[data-precision-terms] tr[data-term="حمار"]');
    expect(await banned.locator('button').allTextContents()).toEqual(['نقل إلى المشبوهة', 'حذف']);

    // The 90-day window takes in the older, upheld hold (last: nothing overturned, 100%).
    await page.locator('[data-precision-days]').selectOption('90');
    await expect.poll(() => terms.count()).toBe(3);
    const upheld = page.locator('[data-precision-terms] tr[data-term="سخيف"]');
    expect(await terms.last().getAttribute('data-term')).toBe('سخيف');
    expect(await upheld.locator('[data-precision-value]').textContent()).toBe(
      await intl(page, 'ar', 1, true),
    );
    await screenshot(page, 'policy-page-precision');

    // Remove the noisy term and move the banned one to suspect: only the draft changes.
    await noisy.getByRole('button', { name: 'حذف' }).click();
    expect(await page.locator('[data-status]').textContent()).toBe(
      'حُذفت «كذاب» من المسودة؛ احفظ لتطبيق التغيير.',
    );
    expect(await noisy.locator('.badge').textContent()).toBe('ليست في المسودة');
    await banned.getByRole('button', { name: 'نقل إلى المشبوهة' }).click();
    expect(await banned.locator('button').allTextContents()).toEqual(['حذف']);
    expect(
      (await call(stack.baseUrl, 'GET', '/api/v1/policy', { token: stack.adminToken })).body
        .version,
    ).toBe(1);

    await page.locator('[data-note]').fill('كذاب يُلغى كثيراً');
    await page.getByRole('button', { name: 'حفظ وتفعيل' }).click();
    await expect
      .poll(() => page.locator('[data-status]').textContent())
      .toBe('فُعّلت النسخة 2؛ يعمل بها المشرف الآلي خلال ثوانٍ.');
    const active = await call(stack.baseUrl, 'GET', '/api/v1/policy', { token: stack.adminToken });
    expect(active.body.version).toBe(2);
    expect(active.body.policy.bannedWords).toEqual([]);
    expect(active.body.policy.suspectWords).toEqual(['سخيف', 'حمار']);

    // English: the same table in English words and numbers.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('#precision-heading').textContent()).toBe('Rule precision');
    expect(await noisy.locator('td').nth(0).textContent()).toBe('suspect words');
    expect(await noisy.locator('td').nth(1).textContent()).toBe('Arabic');
    expect(await noisy.locator('[data-precision-value]').textContent()).toBe('0%');
    expect(await noisy.locator('.badge').textContent()).toBe('not in the draft');
    expect(await page.locator('[data-precision-days] option:checked').textContent()).toBe(
      'last 90 days',
    );
    expect(problems).toEqual({ errors: [], dialogs: [] });
    await context.close();
  });
});
