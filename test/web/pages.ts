// What a reader and a moderator do in the browser, in words the tests can read as a story.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { watchPage, type PageProblems } from '../support/browser.ts';
import { call, eventually, type Stack } from '../support/stack.ts';

export const ARTICLE = 'paris-raqqa';

export interface ReaderPage {
  page: Page;
  problems: PageProblems;
  /** The widget's own comment (or any comment) whose text contains `text`. */
  comment(text: string): Locator;
  post(comment: { name: string; body: string; email?: string }): Promise<void>;
}

export async function openArticle(
  context: BrowserContext,
  stack: Stack,
  articleId = ARTICLE,
): Promise<ReaderPage> {
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${stack.baseUrl}/articles/${articleId}`);
  await page.locator('#comments .cm-heading').waitFor();
  return {
    page,
    problems,
    comment: (text) => page.locator('#comments .cm-comment', { hasText: text }),
    async post({ name, body, email }) {
      await page.getByLabel('تعليقك', { exact: true }).fill(body);
      await page.getByLabel('الاسم', { exact: true }).fill(name);
      if (email) await page.getByLabel('البريد الإلكتروني (اختياري، لا يُنشر)').fill(email);
      await page.getByRole('button', { name: 'أرسل التعليق' }).click();
    },
  };
}

export interface ConsolePage {
  page: Page;
  problems: PageProblems;
  card(text: string): Locator;
  count(status: 'pending' | 'reported' | 'approved' | 'rejected'): Promise<string | null>;
}

export async function openConsole(
  context: BrowserContext,
  stack: Stack,
  token: string,
): Promise<ConsolePage> {
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${stack.baseUrl}/moderation`);
  // By id, not by label: the console may open in Arabic (the browser's language).
  await page.locator('#token').fill(token);
  await page.locator('[data-sign-in] button[type="submit"]').click();
  await page.locator('[data-queue]').waitFor();
  return {
    page,
    problems,
    card: (text) => page.locator('.card', { hasText: text }),
    count: (status) => page.locator(`[data-count="${status}"]`).textContent(),
  };
}

/** Posts through the API, as another reader would, and returns the comment id. */
export async function postViaApi(
  stack: Stack,
  body: string,
  options: { name?: string; parentId?: string } = {},
): Promise<string> {
  const response = await call(stack.baseUrl, 'POST', `/api/v1/articles/${ARTICLE}/comments`, {
    json: {
      body,
      author: { name: options.name ?? 'قارئ' },
      ...(options.parentId && { parentId: options.parentId }),
    },
  });
  expect(response.status).toBe(202);
  return response.body.id as string;
}

/** Waits until the comment is in the moderators' queue with the given status. */
export async function inQueue(
  stack: Stack,
  token: string,
  id: string,
  status: 'pending' | 'reported' | 'approved' | 'rejected',
) {
  return eventually(
    async () => {
      const page = await call(
        stack.baseUrl,
        'GET',
        `/api/v1/moderation/comments?status=${status}&limit=100`,
        { token },
      );
      return page.body.items.find((item: { id: string }) => item.id === id);
    },
    10_000,
    `comment ${id} to be ${status}`,
  );
}

/** Waits for the pipeline's decision and approves the comment if it was held. */
export async function publish(stack: Stack, token: string, id: string): Promise<void> {
  await eventually(
    async () => {
      const { body } = await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`);
      if (body?.status === 'approved') return true;
      const held = await call(stack.baseUrl, 'POST', `/api/v1/moderation/comments/${id}/approve`, {
        token,
        json: {},
      });
      return held.status === 200 ? true : undefined;
    },
    10_000,
    `comment ${id} to be published`,
  );
}
