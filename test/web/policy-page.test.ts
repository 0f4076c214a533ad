import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext, screenshot, watchPage } from '../support/browser.ts';
import { call, decided, startStack, type Stack } from '../support/stack.ts';
import { postViaApi } from './pages.ts';

describe('the policy page', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ policy: { bannedWords: ['حمار'], suspectWords: ['كذاب'] } }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('an admin pastes new banned words, sees on past comments what they would change, activates them, and rolls back — in Arabic, then in English', async () => {
    const insult = await postViaApi(stack, 'يا خنزير، مقالك سيئ', { name: 'قارئ' });
    expect(await decided(stack, insult)).toBe('approved');
    await decided(stack, await postViaApi(stack, 'مقال رائع', { name: 'قارئة' }));

    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${stack.baseUrl}/moderation/policy`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByLabel('رمز المشرف').fill(stack.adminToken);
    await page.getByRole('button', { name: 'دخول' }).click();
    await page.locator('[data-editor]').waitFor();
    expect(await page.locator('[data-status]').textContent()).toBe('النسخة المفعّلة: 1');
    expect(await page.locator('.term').allTextContents()).toEqual(['حمار×']);

    // Bulk paste two terms (one per line, one after an Arabic comma) into the banned list.
    await page.locator('details.bulk summary').click();
    await page.locator('[data-bulk-text]').fill('خنزير\nغبي، حمار');
    await page.getByRole('button', { name: 'إضافة الكل' }).click();
    expect(await page.locator('[data-status]').textContent()).toBe('أضيفت 2 كلمة.');
    await page.locator('[data-term-search]').fill('خن');
    expect(await page.locator('.term span').allTextContents()).toEqual(['خنزير']);
    await page.locator('[data-term-search]').fill('');

    // Try it on the past comments before saving anything.
    await page.getByRole('button', { name: 'تجربة على التعليقات السابقة' }).click();
    const summary = page.locator('[data-summary]');
    await summary.waitFor();
    expect(await summary.textContent()).toBe('من 2 تعليقاً، يتغيّر القرار في 1.');
    const change = page.locator('[data-change="approve-reject"]');
    expect(await change.locator('h3').textContent()).toBe('نشر → رفض: 1');
    expect(await change.locator('mark').allTextContents()).toEqual(['خنزير']);
    expect(await change.locator('.example-body').getAttribute('dir')).toBe('auto');
    await screenshot(page, 'policy-page-backtest');

    await page.locator('[data-note]').fill('إضافة خنزير وغبي');
    await page.getByRole('button', { name: 'حفظ وتفعيل' }).click();
    await expect
      .poll(() => page.locator('[data-status]').textContent())
      .toBe('فُعّلت النسخة 2؛ يعمل بها المشرف الآلي خلال ثوانٍ.');
    expect(await page.locator('tr.active').getAttribute('data-version')).toBe('2');
    expect(await page.locator('tr[data-version="2"]').textContent()).toContain('إضافة خنزير وغبي');
    const active = await call(stack.baseUrl, 'GET', '/api/v1/policy', { token: stack.adminToken });
    expect(active.body.policy.bannedWords).toEqual(['حمار', 'خنزير', 'غبي']);

    // An invalid threshold is refused with the field named; nothing is saved.
    await page.locator('[data-field="classifier.holdAt"]').fill('7');
    await page.getByRole('button', { name: 'حفظ كمسودة' }).click();
    await expect
      .poll(() => page.locator('[data-field-errors]').textContent())
      .toContain('policy.classifier.holdAt');
    await page.locator('[data-field="classifier.holdAt"]').fill('0.5');

    // English, then roll back to version 1 from the history.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('h1').textContent()).toBe('Moderation policy');
    await page
      .locator('tr[data-version="1"]')
      .getByRole('button', { name: 'Diff with active' })
      .click();
    await expect
      .poll(() => page.locator('[data-diff]').textContent())
      .toContain('removed: خنزير، غبي');
    await page.locator('tr[data-version="1"]').getByRole('button', { name: 'Activate' }).click();
    await expect
      .poll(() => page.locator('[data-status]').textContent())
      .toBe('Version 1 is active; workers use it within seconds.');
    expect(await page.locator('.term').allTextContents()).toEqual(['حمار×']);
    expect(
      (await call(stack.baseUrl, 'GET', '/api/v1/policy', { token: stack.adminToken })).body
        .version,
    ).toBe(1);
    // The one failed request is the refused threshold above (Chromium logs every 4xx).
    expect(problems).toEqual({
      errors: ['Failed to load resource: the server responded with a status of 400 (Bad Request)'],
      dialogs: [],
    });
    await context.close();
  });
});
