import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext, screenshot } from '../support/browser.ts';
import { call, eventually, startStack, type Stack } from '../support/stack.ts';
import { openArticle, postViaApi, publish } from './pages.ts';

describe('readers report a comment from the widget', () => {
  let stack: Stack;
  let browser: Browser;
  let moderator: string;

  beforeAll(async () => {
    // One report is enough to send a comment to the moderators here.
    [stack, browser] = await Promise.all([
      startStack({ policy: { reports: { holdThreshold: 1, rejectThreshold: null } } }),
      launchBrowser(),
    ]);
    moderator = await stack.createModerator();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const reportedItem = (id: string) =>
    eventually(
      async () => {
        const page = await call(
          stack.baseUrl,
          'GET',
          '/api/v1/moderation/comments?status=reported&limit=100',
          { token: moderator },
        );
        return page.body.items.find((item: { id: string }) => item.id === id);
      },
      15_000,
      `comment ${id} in the reported queue`,
    );

  test('a reader clicks "إبلاغ", must pick a reason, sends it with a note, and sees a thank-you; moderators see the report', async () => {
    const id = await postViaApi(stack, 'هذا التعليق سيُبلَّغ عنه', { name: 'نادر' });
    await publish(stack, moderator, id);

    const reader = await openArticle(await newContext(browser), stack);
    const { page } = reader;
    const comment = reader.comment('هذا التعليق سيُبلَّغ عنه');
    await comment.getByRole('button', { name: 'إبلاغ' }).click();
    const form = comment.locator('form.cm-report');
    await form.getByText('لماذا تبلّغ عن هذا التعليق؟').waitFor();

    await form.getByRole('button', { name: 'أرسل البلاغ' }).click();
    await form.getByRole('alert').getByText('اختر سببًا.').waitFor();

    await form.getByLabel('رسائل مزعجة أو إعلان').check();
    await form.getByLabel('ملاحظة (اختياري)').fill('إعلان متكرر');
    await form.getByRole('button', { name: 'أرسل البلاغ' }).click();
    await comment.getByRole('status').getByText('شكرًا، وصل بلاغك وسيراجعه المشرفون.').waitFor();
    expect(await comment.getByRole('button', { name: 'أُرسل البلاغ' }).isDisabled()).toBe(true);
    await screenshot(page, 'widget-report-sent');

    const item = await reportedItem(id);
    expect(item).toMatchObject({
      status: 'approved',
      reported: true,
      reports: { count: 1, weight: 1, reasons: { spam: 1 } },
    });
    const stored = await stack.db.report.findMany({ where: { commentId: id } });
    expect(stored).toEqual([expect.objectContaining({ reason: 'SPAM', note: 'إعلان متكرر' })]);
    // The comment stays in the thread while moderators look at it.
    await page.reload();
    await reader.comment('هذا التعليق سيُبلَّغ عنه').waitFor();

    // The same browser reporting again after a reload still counts once.
    const again = reader.comment('هذا التعليق سيُبلَّغ عنه');
    await again.getByRole('button', { name: 'إبلاغ' }).click();
    await again.getByLabel('إساءة أو كراهية').check();
    await again.getByRole('button', { name: 'أرسل البلاغ' }).click();
    await again.getByRole('status').waitFor();
    expect(await stack.db.report.count({ where: { commentId: id } })).toBe(1);
    expect(reader.problems).toEqual({ errors: [], dialogs: [] });
  });

  test('on an English article the report form speaks English', async () => {
    await call(stack.baseUrl, 'PUT', '/api/v1/articles/english-report', {
      token: stack.adminToken,
      json: { title: 'An English story', language: 'en', body: 'One paragraph.' },
    });
    const posted = await call(stack.baseUrl, 'POST', '/api/v1/articles/english-report/comments', {
      json: { body: 'Buy cheap watches now', author: { name: 'Spammer' } },
    });
    const id = posted.body.id as string;
    await publish(stack, moderator, id);

    const reader = await openArticle(
      await newContext(browser, { locale: 'en' }),
      stack,
      'english-report',
    );
    const comment = reader.comment('Buy cheap watches now');
    await comment.getByRole('button', { name: 'Report' }).click();
    await comment.getByLabel('Spam or advertising').check();
    await comment.getByRole('button', { name: 'Send report' }).click();
    await comment.getByRole('status').getByText('Thank you. Your report was received').waitFor();
    expect((await reportedItem(id)).reports.reasons).toEqual({ spam: 1 });
    expect(reader.problems).toEqual({ errors: [], dialogs: [] });
  });
});
