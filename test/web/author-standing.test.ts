import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext } from '../support/browser.ts';
import { call, decided, startStack, type Stack } from '../support/stack.ts';
import { openArticle } from './pages.ts';

describe('a reader whose standing stops them from commenting reads why, in their language', () => {
  let stack: Stack;
  let browser: Browser;
  let moderator: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    moderator = await stack.createModerator();
    const created = await call(stack.baseUrl, 'PUT', '/api/v1/articles/en-story', {
      token: stack.adminToken,
      json: { title: 'An English story', language: 'en', body: 'A paragraph.' },
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Posts once through the API as `name`, then gives that author the standing. */
  async function authorWithStanding(articleId: string, name: string, standing: object) {
    const accepted = await call(stack.baseUrl, 'POST', `/api/v1/articles/${articleId}/comments`, {
      json: { body: 'A first comment', author: { name } },
    });
    await decided(stack, accepted.body.id);
    const { authorKey } = await stack.db.comment.findUniqueOrThrow({
      where: { id: accepted.body.id },
    });
    const set = await call(
      stack.baseUrl,
      'PUT',
      `/api/v1/authors/${encodeURIComponent(authorKey)}/standing`,
      { token: moderator, json: { ...standing, reason: 'test' } },
    );
    expect(set.status).toBe(200);
  }

  test('a banned reader is told in Arabic that their account is banned, and keeps what they wrote', async () => {
    await authorWithStanding('paris-raqqa', 'محظور', { standing: 'banned' });
    const reader = await openArticle(await newContext(browser), stack);
    await reader.post({ name: 'محظور', body: 'أريد أن أعلّق مجددًا' });
    const formError = reader.page.locator('#comments .cm-form .cm-form-error');
    await expect.poll(() => formError.textContent()).toBe('حسابك ممنوع من التعليق على هذا الموقع.');
    expect(await reader.page.getByLabel('تعليقك', { exact: true }).inputValue()).toBe(
      'أريد أن أعلّق مجددًا',
    );
    // The browser logs the refused request itself; nothing else went wrong on the page.
    expect(reader.problems.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual(
      [],
    );
  });

  test('a suspended reader on an English page is told until when', async () => {
    const until = new Date(Date.now() + 3 * 3600_000);
    await authorWithStanding('en-story', 'Sam', {
      standing: 'suspended',
      until: until.toISOString(),
    });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/articles/en-story`);
    await page.locator('#comments .cm-heading').waitFor();
    await page.getByLabel('Your comment', { exact: true }).fill('Back again');
    await page.getByLabel('Name', { exact: true }).fill('Sam');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const formError = page.locator('#comments .cm-form .cm-form-error');
    await expect
      .poll(() => formError.textContent())
      .toMatch(
        /^Your account is suspended from commenting until .+\. You can comment again after that\.$/,
      );
    expect(await formError.textContent()).toContain(String(until.getFullYear()));
  });
});
