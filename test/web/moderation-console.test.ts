import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext, screenshot } from '../support/browser.ts';
import { call, startStack, type Stack } from '../support/stack.ts';
import { inQueue, openArticle, openConsole, postViaApi } from './pages.ts';

// "غبي" (stupid) holds a comment for a moderator; "حقير" (vile) rejects it outright.
const POLICY = { suspectWords: ['غبي', 'idiot'], bannedWords: ['حقير'] };

describe('the moderator console', () => {
  let stack: Stack;
  let browser: Browser;
  let moderator: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ policy: POLICY }), launchBrowser()]);
    moderator = await stack.createModerator();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('when a moderator approves a held Arabic comment, the reader sees it published without reloading', async () => {
    const readerContext = await newContext(browser);
    const moderatorContext = await newContext(browser, { locale: 'en' });
    const body = 'هذا تحليل غبي للأحداث، لكن شكرًا على المقال.';

    const reader = await openArticle(readerContext, stack);
    await reader.page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await reader.post({ name: 'سلمى', body, email: 'salma@example.com' });

    const own = reader.comment(body);
    await expect.poll(() => own.locator('.cm-badge').textContent()).toBe('بانتظار المراجعة');
    expect(await own.getAttribute('data-state')).toBe('pending');
    expect(await reader.page.locator('#comments .cm-form-notice').textContent()).toContain(
      'سيظهر تعليقك',
    );

    const id = await own.getAttribute('data-id');
    await inQueue(stack, moderator, id!, 'pending');

    const moderation = await openConsole(moderatorContext, stack, moderator);
    const card = moderation.card(body);
    await card.waitFor();
    // The moderator sees why it was held: the matched word is marked in the original text.
    expect(await card.locator('mark.hl-hold').allTextContents()).toEqual(['غبي']);
    expect(await card.locator('.card-body').getAttribute('dir')).toBe('auto');
    expect(await card.locator('.findings').textContent()).toContain('suspect-words');
    expect(await card.locator('.card-meta').textContent()).toContain('سلمى');
    expect(await moderation.count('pending')).toBe('1');
    await screenshot(moderation.page, 'moderation-console');

    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    expect(await moderation.count('pending')).toBe('0');
    expect(await moderation.count('approved')).toBe('1');

    // The reader's page learns of it by itself: same document, no reload.
    await expect.poll(() => own.getAttribute('data-state'), { timeout: 10_000 }).toBe('published');
    expect(await own.locator('.cm-badge').textContent()).toBe('نُشر');
    expect(
      await reader.page.evaluate(
        () => (window as unknown as { sameDocument?: boolean }).sameDocument,
      ),
    ).toBe(true);
    expect(await reader.page.locator('#comments .cm-count').textContent()).toBe('تعليق واحد');
    await screenshot(reader.page, 'article-page-after-approval');

    // And every other reader sees it in the thread.
    const other = await openArticle(await newContext(browser), stack);
    expect(await other.comment(body).locator('.cm-body').textContent()).toBe(body);
    expect([
      ...reader.problems.errors,
      ...moderation.problems.errors,
      ...other.problems.errors,
    ]).toEqual([]);
    await Promise.all([
      readerContext.close(),
      moderatorContext.close(),
      other.page.context().close(),
    ]);
  });

  test('when a moderator rejects a held comment with a reason, it never appears on the article page', async () => {
    const readerContext = await newContext(browser);
    const body = 'أنت غبي ولا تفهم شيئًا';
    const reader = await openArticle(readerContext, stack);
    await reader.post({ name: 'مجهول', body });
    const own = reader.comment(body);
    const id = (await own.getAttribute('data-id'))!;
    await inQueue(stack, moderator, id, 'pending');

    const moderation = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      moderator,
    );
    const card = moderation.card(body);
    await card.getByRole('button', { name: 'Reject', exact: true }).click();
    await card.getByLabel('Reason for rejecting').fill('إساءة شخصية');
    await card.getByRole('button', { name: 'Confirm reject' }).click();
    await card.waitFor({ state: 'detached' });

    const rejected = await inQueue(stack, moderator, id, 'rejected');
    expect(rejected.decision).toMatchObject({ action: 'reject', reason: 'إساءة شخصية' });

    // The author is told, and the text itself leaves their page too.
    await expect
      .poll(() => reader.page.locator('#comments .cm-notice').textContent(), { timeout: 10_000 })
      .toContain('لم يُنشر تعليقك');
    expect(await reader.page.locator('#comments').textContent()).not.toContain(body);
    const other = await openArticle(await newContext(browser), stack);
    expect(await other.page.locator('#comments').textContent()).not.toContain(body);
    expect(await other.page.content()).not.toContain('لا تفهم شيئًا');
  });

  test('a moderator works the queue with the keyboard: j and k move, a approves, r rejects with a reason, x and A act on a selection', async () => {
    const bodies = ['غبي الأول', 'غبي الثاني', 'غبي الثالث', 'idiot number four', 'غبي الخامس'];
    const ids: string[] = [];
    for (const [i, body] of bodies.entries())
      ids.push(await postViaApi(stack, body, { name: `قارئ ${i + 1}` }));
    for (const id of ids) await inQueue(stack, moderator, id, 'pending');

    const { page, count } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      moderator,
    );
    const cards = page.locator('.card');
    await expect.poll(() => cards.count()).toBe(5);
    const current = page.locator('.card.current .card-body');
    // The pending queue is a work queue: oldest first.
    expect(await current.textContent()).toBe('غبي الأول');

    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await current.textContent()).toBe('غبي الثالث');
    await page.keyboard.press('k');
    expect(await current.textContent()).toBe('غبي الثاني');

    await page.keyboard.press('a');
    await expect.poll(() => cards.count()).toBe(4);
    expect(await current.textContent()).toBe('غبي الثالث');

    await page.keyboard.press('r');
    await page.keyboard.type('spam');
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBe(3);
    expect(await current.textContent()).toBe('idiot number four');

    await page.keyboard.press('x');
    await page.keyboard.press('k');
    await page.keyboard.press('x');
    expect(await page.locator('[data-selected-count]').textContent()).toBe('2 selected');
    await page.keyboard.press('Shift+A');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.locator('.card-body').textContent()).toBe('غبي الخامس');

    const statuses = await Promise.all(
      ids.map(
        async (id) =>
          (await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`)).body.status,
      ),
    );
    expect(statuses).toEqual(['approved', 'approved', 'rejected', 'approved', 'pending']);
    expect((await inQueue(stack, moderator, ids[2]!, 'rejected')).decision.reason).toBe('spam');
    await expect.poll(() => count('pending')).toBe('1');
  });

  test('when approving fails, the card stays with the error in plain words and the moderator can try again', async () => {
    const id = await postViaApi(stack, 'تعليق غبي سيفشل قبوله أول مرة');
    await inQueue(stack, moderator, id, 'pending');
    const { page, card } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      moderator,
    );
    const target = card('سيفشل قبوله');

    let failures = 0;
    await page.route(`**/api/v1/moderation/comments/${id}/approve`, async (route) => {
      failures += 1;
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }),
      });
    });
    await target.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect
      .poll(() => target.locator('.card-error').textContent())
      .toBe('Could not approve: The server failed. Nothing was changed; try again.');
    expect(failures).toBe(1);
    expect(await target.isVisible()).toBe(true);

    await page.unroute(`**/api/v1/moderation/comments/${id}/approve`);
    await target.getByRole('button', { name: 'Approve', exact: true }).click();
    await target.waitFor({ state: 'detached' });
    expect((await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`)).body.status).toBe(
      'approved',
    );
  });

  test('when the session ends mid-work, the moderator signs in again and the queue is still there', async () => {
    const created = await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token: stack.adminToken,
      json: { name: 'Nadia', role: 'moderator' },
    });
    expect(created.status).toBe(201);
    const id = await postViaApi(stack, 'تعليق غبي ينتظر بعد انتهاء الجلسة', { name: 'صبور' });
    await inQueue(stack, moderator, id, 'pending');
    const { page, card } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      created.body.token,
    );
    const target = card('ينتظر بعد انتهاء الجلسة');
    await target.waitFor();

    expect(
      (
        await call(stack.baseUrl, 'DELETE', `/api/v1/admin/moderators/${created.body.id}`, {
          token: stack.adminToken,
        })
      ).status,
    ).toBe(204);
    await target.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByLabel('Moderator token').waitFor();
    expect(await page.locator('[data-sign-in-error]').textContent()).toBe(
      'Your session has ended. Sign in again; nothing was changed.',
    );

    await page.getByLabel('Moderator token').fill(moderator);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await target.locator('.card-error').textContent()).toContain('Your session has ended');
    await target.getByRole('button', { name: 'Approve', exact: true }).click();
    await target.waitFor({ state: 'detached' });
    expect((await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`)).body.status).toBe(
      'approved',
    );
  });

  test('a moderator filters the queue by article', async () => {
    const put = await call(stack.baseUrl, 'PUT', '/api/v1/articles/city-council', {
      token: stack.adminToken,
      json: { title: 'مجلس المدينة يقر الميزانية', language: 'ar' },
    });
    expect(put.status).toBe(201);
    const elsewhere = await call(stack.baseUrl, 'POST', '/api/v1/articles/city-council/comments', {
      json: { body: 'ميزانية غبي من أولها', author: { name: 'ناخب' } },
    });
    await inQueue(stack, moderator, elsewhere.body.id, 'pending');

    const { page } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      moderator,
    );
    const bodies = () => page.locator('.card .card-body').allTextContents();
    await expect.poll(bodies).toContain('ميزانية غبي من أولها');
    expect((await bodies()).length).toBeGreaterThan(1);

    await page.getByLabel('Article').selectOption({ label: 'مجلس المدينة يقر الميزانية' });
    await expect.poll(bodies).toEqual(['ميزانية غبي من أولها']);
    expect(await page.locator('[data-count="pending"]').textContent()).toBe('1');
  });

  test('a moderator switches the console to Arabic: the page turns right to left, speaks Arabic, and stays so after a reload', async () => {
    const id = await postViaApi(stack, 'تعليق غبي لاختبار الواجهة العربية', { name: 'ليلى' });
    await inQueue(stack, moderator, id, 'pending');
    const { page, card, problems } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      moderator,
    );
    const target = card('لاختبار الواجهة العربية');
    await target.waitFor();
    const html = page.locator('html');
    expect(await html.getAttribute('dir')).toBe('ltr');
    expect(await target.getByRole('button', { name: 'Approve', exact: true }).isVisible()).toBe(
      true,
    );

    await page.getByRole('button', { name: 'العربية' }).click();
    await expect.poll(() => html.getAttribute('dir')).toBe('rtl');
    expect(await html.getAttribute('lang')).toBe('ar');
    expect(await page.title()).toBe('الإشراف');
    expect(await page.getByRole('tab', { name: /بانتظار المراجعة/ }).isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: /مُبلَّغ عنها/ }).isVisible()).toBe(true);
    expect(await target.getByRole('button', { name: 'انشر', exact: true }).isVisible()).toBe(true);
    expect(await target.locator('.decision strong').textContent()).toBe('عُلّق آليًا');
    // Dates in Arabic too, and the card's accent border is now on the right: the layout mirrors.
    expect(await target.locator('time').textContent()).toMatch(/[\u0600-\u06FF]/);
    expect(
      await target.evaluate((li) => {
        const style = getComputedStyle(li);
        return [style.borderRightWidth, style.borderLeftWidth];
      }),
    ).toEqual(['4px', '1px']);
    expect(await page.locator('[data-selected-count]').textContent()).toBe('لا شيء محدد');
    await screenshot(page, 'moderation-console-ar');

    await page.reload();
    await target.waitFor();
    expect(await html.getAttribute('dir')).toBe('rtl');
    expect(await page.locator('[data-tab="pending"] [data-i18n]').textContent()).toBe(
      'بانتظار المراجعة',
    );
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => html.getAttribute('dir')).toBe('ltr');
    expect(await page.locator('[data-tab="pending"] [data-i18n]').textContent()).toBe('Pending');
    expect(problems.errors).toEqual([]);
  });

  test('on a server that does not list reported comments, the Reported tab says so calmly and the other tabs still work', async () => {
    const { page, problems } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      moderator,
    );
    await page.route('**/api/v1/moderation/comments?status=reported*', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400 }),
      }),
    );
    await page.getByRole('tab', { name: /Reported/ }).click();
    await expect
      .poll(() => page.locator('[data-empty]').textContent())
      .toBe('This server does not list reported comments yet.');
    expect(await page.locator('[data-queue-error]').textContent()).toBe('');
    await page.getByRole('tab', { name: /Pending/ }).click();
    await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(0);
    expect(problems.errors.filter((e) => !e.includes('400'))).toEqual([]);
  });

  test('a moderator whose browser speaks Arabic gets the console in Arabic from the start', async () => {
    const page = await (await newContext(browser, { locale: 'ar' })).newPage();
    await page.goto(`${stack.baseUrl}/moderation`);
    await page.getByLabel('رمز المشرف').fill(moderator);
    await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
    await page.locator('[data-queue]').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByRole('button', { name: 'تسجيل الخروج' }).isVisible()).toBe(true);
  });

  test('a token the service does not know is refused at sign-in, in plain words', async () => {
    const page = await (await newContext(browser, { locale: 'en' })).newPage();
    await page.goto(`${stack.baseUrl}/moderation`);
    await page.getByLabel('Moderator token').fill('not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.locator('[data-sign-in-error]').textContent())
      .toBe('That token was not recognised.');
    expect(await page.locator('[data-queue]').isHidden()).toBe(true);
  });
});
