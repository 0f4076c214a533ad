import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext, screenshot, watchPage } from '../support/browser.ts';
import { call, startStack, type Stack } from '../support/stack.ts';
import { ARTICLE, inQueue, openArticle, openConsole, postViaApi, publish } from './pages.ts';

const POLICY = { suspectWords: ['غبي'], bannedWords: ['حقير'] };

describe('the article page and its comments widget', () => {
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

  test('a reader opens the seed article: Arabic, right to left, in a Naskh face, with share and comment buttons and the comments below', async () => {
    const response = await fetch(`${stack.baseUrl}/articles/${ARTICLE}`);
    const html = await response.text();
    // No inline script anywhere, and a policy that would refuse one.
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();

    const reader = await openArticle(await newContext(browser), stack);
    const { page } = reader;
    const article = (await call(stack.baseUrl, 'GET', `/api/v1/articles/${ARTICLE}`)).body;
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('h1').textContent()).toBe(article.title);
    expect(await page.locator('.story p').count()).toBeGreaterThanOrEqual(5);
    const font = await page
      .locator('.story p')
      .first()
      .evaluate((p) => getComputedStyle(p).fontFamily);
    expect(font.startsWith('"Noto Naskh Arabic"')).toBe(true);
    expect(await page.evaluate(() => document.fonts.check('20px "Noto Naskh Arabic"', 'ب'))).toBe(
      true,
    );
    await page.getByRole('button', { name: 'شارك' }).waitFor();

    await page.getByRole('link', { name: 'تعليق', exact: true }).click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          document.getElementById('comments')?.shadowRoot?.activeElement?.getAttribute('name'),
        ),
      )
      .toBe('body');
    expect(await page.locator('#comments .cm-heading').textContent()).toContain('التعليقات');
    for (const field of ['body', 'name', 'email']) {
      expect(await page.locator(`#comments [name="${field}"]`).getAttribute('dir')).toBe('auto');
    }
    await screenshot(page, 'article-page');
    expect(reader.problems.errors).toEqual([]);
  });

  test('static assets are cacheable: versioned ones for a year, the embeddable widget URL briefly with an ETag, from any origin', async () => {
    const html = await (await fetch(`${stack.baseUrl}/articles/${ARTICLE}`)).text();
    const versioned = html.match(/src="(\/static\/v\/[^"]+\/widget\/main\.js)"/)?.[1];
    expect(versioned).toBeDefined();
    const immutable = await fetch(`${stack.baseUrl}${versioned}`);
    expect(immutable.status).toBe(200);
    expect(immutable.headers.get('content-type')).toMatch(/javascript/);
    expect(immutable.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    // The loader newsrooms embed: short-lived, and it points at the immutable build.
    const stable = await fetch(`${stack.baseUrl}/static/widget.js`);
    expect(stable.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await stable.text()).toContain(versioned!.replace('/static/', './'));
    expect(stable.headers.get('access-control-allow-origin')).toBe('*');
    expect(stable.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = stable.headers.get('etag');
    expect(etag).toBeTruthy();
    // As a browser revalidates (fetch() would add "no-cache" on its own).
    const revalidated = await fetch(`${stack.baseUrl}/static/widget.js`, {
      headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' },
    });
    expect(revalidated.status).toBe(304);
  });

  test('a newsroom page on another origin embeds the comments with one container and one script tag', async () => {
    const snippet = `<div id="comments" data-article="${ARTICLE}"></div>\n<script src="${stack.baseUrl}/static/widget.js" defer></script>`;
    const host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Elsewhere</title></head><body><h1>Another page</h1>${snippet}</body></html>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      // "localhost" and "127.0.0.1" are different origins: every widget request is cross-origin.
      const hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/`;
      expect(new URL(hostUrl).origin).not.toBe(new URL(stack.baseUrl).origin);
      const page = await (await newContext(browser)).newPage();
      const problems = watchPage(page);
      await page.goto(hostUrl);
      const heading = page.locator('#comments .cm-heading');
      await heading.waitFor();
      // The article is Arabic, so the widget speaks Arabic on an English page.
      expect(await heading.textContent()).toContain('التعليقات');
      expect(await page.locator('#comments .cm-root').getAttribute('dir')).toBe('rtl');

      await page.getByLabel('تعليقك', { exact: true }).fill('تعليق من موقع آخر');
      await page.getByLabel('الاسم', { exact: true }).fill('زائر');
      await page.getByRole('button', { name: 'أرسل التعليق' }).click();
      await page
        .locator('#comments .cm-comment[data-state="pending"]', { hasText: 'تعليق من موقع آخر' })
        .waitFor();
      expect(problems.errors).toEqual([]);
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  });

  test('an English article gets an English, left-to-right page and widget, closed threads say so', async () => {
    const put = (id: string, json: object) =>
      call(stack.baseUrl, 'PUT', `/api/v1/articles/${id}`, { token: stack.adminToken, json });
    expect(
      (
        await put('budget-vote', {
          title: 'Parliament passes the budget',
          language: 'en',
          body: 'The vote was close.\n\nIt passed.',
        })
      ).status,
    ).toBe(201);
    expect(
      (await put('closed-story', { title: 'An old story', language: 'en', commentsOpen: false }))
        .status,
    ).toBe(201);

    const reader = await openArticle(
      await newContext(browser, { locale: 'en' }),
      stack,
      'budget-vote',
    );
    const { page } = reader;
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.getByRole('button', { name: 'Share' }).isVisible()).toBe(true);
    expect(await page.locator('#comments .cm-root').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('#comments .cm-heading').textContent()).toBe('Comments No comments');
    await page.getByLabel('Your comment').fill('مرحبا — a mixed comment');
    await page.getByRole('button', { name: 'Post comment' }).click();
    expect(
      await page
        .locator('#comments .cm-field-error', { hasText: 'Please enter your name.' })
        .count(),
    ).toBe(1);

    const closed = await openArticle(
      await newContext(browser, { locale: 'en' }),
      stack,
      'closed-story',
    );
    expect(await closed.page.locator('#comments .cm-closed').textContent()).toBe(
      'Comments are closed on this article.',
    );
    expect(await closed.page.locator('#comments form').count()).toBe(0);
    expect([...reader.problems.errors, ...closed.problems.errors]).toEqual([]);
  });

  test('a comment with an <img onerror> and a <script> is shown as text, to the reader and the moderator, and runs nothing', async () => {
    const body = `<img src=x onerror="window.pwned='img';alert('img')"><script>window.pwned='script';alert('script')</script> غبي`;
    const name = '<b onmouseover="alert(1)">Mallory</b>';
    const reader = await openArticle(await newContext(browser), stack);
    await reader.post({ name, body });
    const own = reader.comment('Mallory');
    await own.waitFor();
    expect(await own.locator('.cm-body').textContent()).toBe(body);
    expect(await own.locator('.cm-author').textContent()).toBe(name);
    const id = (await own.getAttribute('data-id'))!;
    await inQueue(stack, moderator, id, 'pending');

    const moderation = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      moderator,
    );
    const card = moderation.card('Mallory');
    expect(await card.locator('.card-body').textContent()).toBe(body);
    expect(await moderation.page.locator('.cards img, .cards script, .cards b').count()).toBe(0);
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await card.waitFor({ state: 'detached' });

    const other = await openArticle(await newContext(browser), stack);
    const shown = other.comment('Mallory');
    expect(await shown.locator('.cm-body').textContent()).toBe(body);
    for (const { page, problems } of [reader, moderation, other]) {
      expect(
        await page.locator('#comments img, #comments .cm-thread script, .cards img').count(),
      ).toBe(0);
      expect(
        await page.evaluate(() => (window as unknown as { pwned?: string }).pwned),
      ).toBeUndefined();
      expect(problems.dialogs).toEqual([]);
      expect(problems.errors).toEqual([]);
    }
  });

  test('a comment the pipeline rejects never appears on the article page; its author is told in Arabic', async () => {
    const body = 'كاتب حقير ومقال أحقر';
    const reader = await openArticle(await newContext(browser), stack);
    await reader.post({ name: 'غاضب', body });
    await expect
      .poll(() => reader.page.locator('#comments .cm-notice p').textContent(), { timeout: 10_000 })
      .toBe('لم يُنشر تعليقك لأنه لا يتوافق مع قواعد المشاركة.');
    expect(await reader.page.locator('#comments').textContent()).not.toContain(body);

    const other = await openArticle(await newContext(browser), stack);
    expect(await other.page.locator('#comments').textContent()).not.toContain('حقير');
    const thread = (
      await call(stack.baseUrl, 'GET', `/api/v1/articles/${ARTICLE}/comments?limit=100`)
    ).body;
    expect(thread.items.map((c: { body: string }) => c.body)).not.toContain(body);
  });

  test('the thread shows newest first, replies under their parent, and loads older comments by cursor', async () => {
    const oldest = await postViaApi(stack, 'أقدم تعليق في النقاش', { name: 'الأول' });
    await publish(stack, moderator, oldest);
    for (let i = 1; i <= 21; i += 1)
      await publish(stack, moderator, await postViaApi(stack, `تعليق عادي رقم ${i}`));
    const reply = await postViaApi(stack, 'رد على أقدم تعليق', { parentId: oldest });
    await publish(stack, moderator, reply);
    const { approvedCount } = (await call(stack.baseUrl, 'GET', `/api/v1/articles/${ARTICLE}`))
      .body;

    const { page, comment, problems } = await openArticle(await newContext(browser), stack);
    expect(await page.locator('#comments .cm-count').textContent()).toContain(
      String(approvedCount),
    );
    const topLevel = page.locator('#comments .cm-thread > .cm-comment > .cm-card .cm-body');
    expect((await topLevel.allTextContents()).slice(0, 2)).toEqual([
      'رد على أقدم تعليق',
      'تعليق عادي رقم 21',
    ]);
    // Its parent is on a later page: until it is loaded, the reply says what it answers.
    expect(await comment('رد على أقدم تعليق').locator('.cm-orphan-note').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'تحميل المزيد من التعليقات' }).click();
    const parent = comment('أقدم تعليق في النقاش').first();
    await parent.locator('.cm-replies .cm-comment', { hasText: 'رد على أقدم تعليق' }).waitFor();
    expect(
      await page
        .locator('#comments .cm-thread > .cm-comment', { hasText: 'رد على أقدم تعليق' })
        .count(),
    ).toBe(1);
    expect(await page.locator('#comments .cm-comment').count()).toBe(approvedCount);
    expect(await page.getByRole('button', { name: 'تحميل المزيد من التعليقات' }).isHidden()).toBe(
      true,
    );

    // A reader answers a comment: their reply waits, indented, under it.
    await comment('تعليق عادي رقم 7').getByRole('button', { name: 'رد' }).click();
    expect(await page.locator('#comments .cm-replying').textContent()).toContain('ردًا على');
    await page.getByLabel('تعليقك', { exact: true }).fill('أوافقك تمامًا');
    await page.getByLabel('الاسم', { exact: true }).fill('ليلى');
    await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    await comment('تعليق عادي رقم 7')
      .locator('.cm-replies .cm-comment[data-state="pending"]', { hasText: 'أوافقك تمامًا' })
      .waitFor();
    expect(problems.errors).toEqual([]);
  });

  test('when the API refuses or cannot be reached, the reader reads why in Arabic and keeps what they wrote', async () => {
    const reader = await openArticle(await newContext(browser), stack);
    const { page } = reader;
    const textarea = page.getByLabel('تعليقك', { exact: true });
    const formError = page.locator('#comments .cm-form .cm-form-error');
    let posts = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST') posts += 1;
    });

    // Length feedback before anything is sent.
    await textarea.fill('ب'.repeat(5001));
    expect(await page.locator('#comments .cm-counter').getAttribute('class')).toContain('cm-over');
    await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    expect(await page.locator('#comments .cm-field-error').first().textContent()).toBe(
      'التعليق أطول من الحد المسموح (5000 حرف). اختصره قليلًا.',
    );
    await textarea.fill('تعليق بلا اسم');
    await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    expect(await page.locator('#comments .cm-field-error', { hasText: 'اكتب اسمك.' }).count()).toBe(
      1,
    );
    expect(posts).toBe(0);

    // The network fails: the reader is told, the text stays.
    await page.route('**/api/v1/articles/*/comments', (route) =>
      route.abort('internetdisconnected'),
    );
    await page.getByLabel('الاسم', { exact: true }).fill('كريم');
    await textarea.fill('تعليق سيصل في المحاولة الثانية');
    await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    await expect
      .poll(() => formError.textContent())
      .toBe('تعذر الاتصال بالخادم. تعليقك محفوظ هنا، حاول مجددًا.');
    expect(await textarea.inputValue()).toBe('تعليق سيصل في المحاولة الثانية');

    // The API refuses (rate limit): plain Arabic words with the wait, never the problem JSON.
    await page.unroute('**/api/v1/articles/*/comments');
    await page.route('**/api/v1/articles/*/comments', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'retry-after': '42', 'content-type': 'application/problem+json' },
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Too Many Requests',
          status: 429,
          detail: 'slow down',
        }),
      }),
    );
    await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    await expect
      .poll(() => formError.textContent())
      .toBe('أرسلت تعليقات كثيرة في وقت قصير. حاول مجددًا بعد 42 ثانية.');
    expect(await page.locator('#comments').textContent()).not.toMatch(/[{}]|Too Many|slow down/);

    // Back online, the same attempt goes through once.
    await page.unroute('**/api/v1/articles/*/comments');
    await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    await reader.comment('تعليق سيصل في المحاولة الثانية').waitFor();
    expect(await textarea.inputValue()).toBe('');
    expect(reader.problems.dialogs).toEqual([]);
  });
});
