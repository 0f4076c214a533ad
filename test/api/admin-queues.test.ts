import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, watchPage } from '../support/browser.ts';
import { call, decided, startStack, type Stack } from '../support/stack.ts';

/*
 * The queue dashboard (bull-board) at /admin/queues: behind the admin token, which a browser
 * sends as the password of HTTP Basic credentials, and scripts as a Bearer token.
 */

let stack: Stack;
let browser: Browser;
const QUEUES = ['comments', 'reports', 'backtests', 'training', 'webhooks'];
const basic = (password: string, user = 'admin') =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ env: { AUTH_FAILURES_PER_WINDOW: '3' } }),
    launchBrowser(),
  ]);
  const posted = await call(stack.baseUrl, 'POST', '/api/v1/articles/paris-raqqa/comments', {
    json: { body: 'تعليق للوحة الطوابير', author: { name: 'قارئ' } },
  });
  await decided(stack, posted.body.id as string);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

// First: the last story below spends this address's failed sign-in budget.
describe('in a browser', () => {
  test('the dashboard renders after the browser signs in, and shows the comments queue', async () => {
    const context = await browser.newContext({
      httpCredentials: { username: 'admin', password: stack.adminToken },
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${stack.baseUrl}/admin/queues`);
    await page.getByText('comments', { exact: true }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'admin-queues');
    // Its own scripts and styles all load under its CSP; only the web font it names from
    // Google is kept from the admin's browser, on purpose.
    expect(
      problems.errors.filter(
        (e) => /Content Security Policy/i.test(e) && !e.includes('https://fonts.googleapis.com/'),
      ),
    ).toEqual([]);
    expect(problems.dialogs).toEqual([]);
    await context.close();
  });
});

describe('the queue dashboard at /admin/queues', () => {
  test("an admin's browser credentials (the admin token as the Basic password) open the page and its API, which lists the service's queues", async () => {
    const page = await call(stack.baseUrl, 'GET', '/admin/queues', {
      headers: { authorization: basic(stack.adminToken), accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(page.body).toContain('<base href="/admin/queues/"');

    const api = await call(stack.baseUrl, 'GET', '/admin/queues/api/queues', {
      headers: { authorization: basic(stack.adminToken, 'anyone') },
    });
    expect(api.status).toBe(200);
    const queues = api.body.queues as { name: string; readOnlyMode: boolean }[];
    expect(queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort());
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);

    // A script may send the same token as a Bearer token.
    const bearer = await call(stack.baseUrl, 'GET', '/admin/queues/api/queues', {
      token: stack.adminToken,
    });
    expect(bearer.status).toBe(200);
  });

  test('the dashboard changes nothing: emptying the comment queue is refused', async () => {
    const empty = await call(stack.baseUrl, 'PUT', '/admin/queues/api/queues/comments/empty', {
      token: stack.adminToken,
    });
    expect(empty.status).toBe(405);
  });

  test('without credentials, or with a wrong token, the answer is a 401 asking for Basic credentials; a moderator gets 403; guessing is throttled like every admin route', async () => {
    for (const authorization of [undefined, basic('wrong-token-123456'), 'Bearer wrong-token']) {
      const r = await call(stack.baseUrl, 'GET', '/admin/queues/api/queues', {
        headers: authorization ? { authorization } : {},
      });
      expect(r.status, authorization).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Basic realm="queues"');
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    const moderator = await stack.createModerator('moderator');
    expect(
      (
        await call(stack.baseUrl, 'GET', '/admin/queues', {
          headers: { authorization: basic(moderator) },
        })
      ).status,
    ).toBe(403);
    // Two failures above (the request without credentials does not count); the third spends the
    // budget of 3, after which even the right password waits.
    expect(
      (
        await call(stack.baseUrl, 'GET', '/admin/queues', {
          headers: { authorization: basic('x') },
        })
      ).status,
    ).toBe(401);
    const throttled = await call(stack.baseUrl, 'GET', '/admin/queues', {
      headers: { authorization: basic(stack.adminToken) },
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
