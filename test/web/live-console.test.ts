import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, newContext, screenshot } from '../support/browser.ts';
import { decided, startStack, type Stack } from '../support/stack.ts';
import { openConsole, postViaApi } from './pages.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ policy: { suspectWords: ['غبي'] }, env: { OUTBOX_POLL_MS: '50' } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('two moderators on two API processes see a held comment arrive within a second, without reloading, and leave when one approves it', async () => {
  const replica = await stack.startApiReplica();
  const [tokenA, tokenB] = await Promise.all([stack.createModerator(), stack.createModerator()]);
  const [a, b] = await Promise.all([
    newContext(browser, { locale: 'en' }).then((context) => openConsole(context, stack, tokenA)),
    newContext(browser, { locale: 'ar' }).then((context) =>
      openConsole(context, { ...stack, baseUrl: replica }, tokenB),
    ),
  ]);
  for (const { page } of [a, b])
    await page.locator('[data-live-status][data-state="live"]').waitFor({ timeout: 10_000 });
  expect(await a.page.locator('[data-live-status]').textContent()).toBe('Live');
  expect(await b.page.locator('[data-live-status]').textContent()).toBe('مباشر');

  const body = 'تعليق غبي وصل للتو';
  const id = await postViaApi(stack, body);
  const heldAt = decided(stack, id).then(() => Date.now());
  const seenAt = await Promise.all(
    [a, b].map((c) =>
      c
        .card(body)
        .waitFor({ timeout: 15_000 })
        .then(() => Date.now()),
    ),
  );
  const latencyMs = Math.max(...seenAt) - (await heldAt);
  console.info(`held comment → card in both consoles: ${latencyMs} ms`);
  expect(latencyMs).toBeLessThan(1_000);
  await expect.poll(() => b.count('pending')).toMatch(/^[1١]$/);

  // A opens the card: B sees it is being reviewed; A approves: it leaves B's queue.
  await a.card(body).locator('.card-body').click();
  await expect.poll(() => b.card(body).locator('.card-claim').isVisible()).toBe(true);
  await screenshot(b.page, 'live-console-claimed');
  await a.card(body).getByRole('button', { name: 'Approve', exact: true }).click();
  await b.card(body).waitFor({ state: 'detached', timeout: 5_000 });
  await expect.poll(() => b.count('pending')).toMatch(/^[0٠]$/);
  expect([...a.problems.errors, ...b.problems.errors]).toEqual([]);
});
