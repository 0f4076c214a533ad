import { loadApiConfig, startApi, type RunningApi } from '@cm/api';
import type { Browser } from 'playwright-core';
import { pino } from 'pino';
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

test('two moderators on two API processes see held comments arrive within a second, without reloading; when one approves them they leave the queue of the other, or say who decided the card that was open', async () => {
  const replica = (await stack.startApiReplica()).url;
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

  const bodies = ['تعليق غبي وصل للتو', 'تعليق غبي آخر وصل بعده'];
  const first = await postViaApi(stack, bodies[0]!);
  const heldAt = decided(stack, first).then(() => Date.now());
  const seenAt = await Promise.all(
    [a, b].map((c) =>
      c
        .card(bodies[0]!)
        .waitFor({ timeout: 15_000 })
        .then(() => Date.now()),
    ),
  );
  const latencyMs = Math.max(...seenAt) - (await heldAt);
  console.info(`held comment → card in both consoles: ${latencyMs} ms`);
  expect(latencyMs).toBeLessThan(1_000);
  await postViaApi(stack, bodies[1]!);
  for (const c of [a, b]) await c.card(bodies[1]!).waitFor({ timeout: 15_000 });
  await expect.poll(() => b.count('pending')).toMatch(/^[2٢]$/);

  // B opens the second card; A opens the first: B sees it is being reviewed.
  const [reviewedByA, open] = bodies.map((body) => b.card(body));
  await open!.locator('.card-body').click();
  await a.card(bodies[0]!).locator('.card-body').click();
  await expect.poll(() => reviewedByA!.locator('.card-claim').isVisible()).toBe(true);
  await screenshot(b.page, 'live-console-claimed');

  // A approves both: the one B was not looking at leaves B's queue; the open one says who
  // decided it, with its buttons gone.
  for (const body of bodies)
    await a.card(body).getByRole('button', { name: 'Approve', exact: true }).click();
  await reviewedByA!.waitFor({ state: 'detached', timeout: 5_000 });
  await expect.poll(() => open!.locator('.card-taken').textContent()).toMatch(/^قرّر فيه .+ — نُشر/);
  expect(await open!.getByRole('button', { name: 'انشر', exact: true }).count()).toBe(0);
  await expect.poll(() => b.count('pending')).toMatch(/^[0٠]$/);
  await screenshot(b.page, 'live-console-decided');
  // (A's claim on the card B holds is refused with a 409: expected, and shown as "being reviewed".)
  expect([...a.problems.errors, ...b.problems.errors].filter((e) => !e.includes('409'))).toEqual(
    [],
  );
});

test('when its API process restarts, the console says it is offline, comes back by itself and shows what was held meanwhile', async () => {
  const config = (port: number) =>
    loadApiConfig({
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_PREFIX: stack.prefix,
      ADMIN_TOKEN: stack.adminToken,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
  let api: RunningApi = await startApi(config(0), pino({ level: 'silent' }));
  try {
    const token = await stack.createModerator();
    const moderation = await openConsole(
      await newContext(browser, { locale: 'en' }),
      { ...stack, baseUrl: api.url },
      token,
    );
    const status = moderation.page.locator('[data-live-status]');
    await moderation.page.locator('[data-live-status][data-state="live"]').waitFor();

    await api.stop();
    await expect.poll(() => status.getAttribute('data-state')).toBe('offline');
    expect(await status.textContent()).toBe('Offline: checking every 15 seconds');
    const body = 'غبي: تعليق عُلّق والخادم متوقف';
    const id = await postViaApi(stack, body);
    await decided(stack, id);

    api = await startApi(config(api.port), pino({ level: 'silent' }));
    // Reconnected with Last-Event-ID: the missed comment.held is replayed and its card appears.
    await moderation.card(body).waitFor({ timeout: 15_000 });
    expect(await status.getAttribute('data-state')).toBe('live');
    await expect.poll(() => moderation.count('pending')).toBe('1');
  } finally {
    await api.stop();
  }
});
