import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext, screenshot } from '../support/browser.ts';
import { call, eventually, startStack, type Stack } from '../support/stack.ts';
import { inQueue, openArticle, openConsole, postViaApi } from './pages.ts';

// "غبي" (stupid) holds a comment for a moderator.
// Three readers' reports put a published comment in the reported queue.
const POLICY = {
  suspectWords: ['غبي', 'idiot'],
  bannedWords: ['حقير'],
  reports: { holdThreshold: 3, rejectThreshold: 6 },
};
const SUSPEND_REASON = 'يكرر الإساءة للقراء';

/** The console acting on people: authors, two moderators on one queue, and the audit log. */
describe('the moderator console acts on people', () => {
  let stack: Stack;
  let browser: Browser;
  let layla: { id: string; token: string };
  let nadia: { id: string; token: string };

  const createModerator = async (name: string) => {
    const created = await call(stack.baseUrl, 'POST', '/api/v1/admin/moderators', {
      token: stack.adminToken,
      json: { name, role: 'moderator' },
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, token: created.body.token as string };
  };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ policy: POLICY }), launchBrowser()]);
    layla = await createModerator('Layla');
    nadia = await createModerator('Nadia');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test("a moderator opens the author's drawer, suspends them for a week with a reason, and their next comment is refused in the widget in plain words", async () => {
    const reader = await openArticle(await newContext(browser), stack);
    const first = 'رأي غبي في الموضوع كله';
    await reader.post({ name: 'سامر', email: 'samer@example.com', body: first });
    const id = (await reader.comment(first).getAttribute('data-id'))!;
    await inQueue(stack, layla.token, id, 'pending');

    const { page, card, problems } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      layla.token,
    );
    const target = card(first);
    await target.getByRole('button', { name: 'سامر' }).click();
    const drawer = page.locator('dialog[data-author-drawer]');
    await drawer.locator('.author-comments li').first().waitFor();
    expect(await drawer.locator('h2').textContent()).toBe('سامر');
    expect(await drawer.locator('.author-comments li').textContent()).toContain(first);
    expect(await drawer.locator('.author-comments .tag').textContent()).toBe('pending');
    const key = (await target.locator('[data-author]').getAttribute('data-author'))!;

    // Every action on a person needs a reason: without one, nothing is sent.
    await drawer.getByRole('button', { name: 'Suspend' }).click();
    await expect
      .poll(() => drawer.locator('.form-error').textContent())
      .toBe('Give a reason first: it is kept in the audit log.');
    const before = await call(stack.baseUrl, 'GET', `/api/v1/authors/${encodeURIComponent(key)}`, {
      token: layla.token,
    });
    expect(before.body.standing).toBe('normal');

    await drawer.getByLabel('Reason (required, kept in the audit log)').fill(SUSPEND_REASON);
    await drawer.getByLabel('For').selectOption({ label: '7 days' });
    await drawer.getByRole('button', { name: 'Suspend' }).click();
    await expect
      .poll(() => drawer.locator('.drawer-header .standing').textContent())
      .toMatch(/^Suspended until /);
    const after = await call(stack.baseUrl, 'GET', `/api/v1/authors/${encodeURIComponent(key)}`, {
      token: layla.token,
    });
    expect(after.body.standing).toBe('suspended');
    const days = (Date.parse(after.body.suspendedUntil) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    await drawer.getByLabel('New note').fill('حذّرناه مرتين من قبل');
    await drawer.getByRole('button', { name: 'Add note' }).click();
    await expect
      .poll(() => drawer.locator('.notes li').first().textContent())
      .toContain('حذّرناه مرتين من قبل');
    expect(await drawer.locator('.notes li').first().textContent()).toContain('Layla');
    await screenshot(page, 'moderation-author-drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    // The card in the queue shows the new standing too.
    expect(await target.locator('.standing').textContent()).toBe('Suspended');

    // The author tries again: refused, told until when, and nothing reaches the queue.
    const second = 'تعليق جديد بعد الإيقاف';
    await reader.post({ name: 'سامر', email: 'samer@example.com', body: second });
    await expect
      .poll(() => reader.page.locator('#comments .cm-form-error').textContent())
      .toContain('حسابك موقوف عن التعليق حتى');
    expect(await reader.comment(second).count()).toBe(0);
    expect(problems.errors).toEqual([]);
  });

  test('two moderators on one queue: the second sees who is reviewing a card, and deciding a card already decided says "taken by" in Arabic instead of overwriting', async () => {
    const body = 'تعليق غبي يراه مشرفان في الوقت نفسه';
    const id = await postViaApi(stack, body, { name: 'هالة' });
    const item = await inQueue(stack, layla.token, id, 'pending');

    const first = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      layla.token,
    );
    await first.card(body).locator('.card-body').click();
    await eventually(
      async () =>
        (await inQueue(stack, nadia.token, id, 'pending')).claimedBy?.name === 'Layla' || undefined,
      10_000,
      'Layla to hold the claim',
    );

    // Nadia's live stream is down (the console falls back to polling), so she does not hear of
    // Layla's decision before acting: the API's 409 is what keeps her from overwriting it.
    const nadiasContext = await newContext(browser, { locale: 'ar' });
    await nadiasContext.route('**/api/v1/moderation/events', (route) => route.abort());
    const second = await openConsole(nadiasContext, stack, nadia.token);
    const theirs = second.card(body);
    await theirs.waitFor();
    expect(await second.page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect
      .poll(() => second.page.locator('[data-live-status]').textContent())
      .toBe('غير متصل: نتحقق كل 15 ثانية');
    await expect.poll(() => theirs.locator('.card-claim').textContent()).toBe('يراجعه الآن Layla');
    // Why it was held, in Arabic, from the API's catalogue.
    const arabicReason = item.decision.findings[0].messages.ar as string;
    expect(arabicReason).not.toBe(item.decision.findings[0].messages.en);
    expect(await theirs.locator('.finding-reason').first().textContent()).toBe(arabicReason);
    expect(await theirs.locator('mark.hl-hold').getAttribute('title')).toBe(arabicReason);

    await first.card(body).getByRole('button', { name: 'Approve', exact: true }).click();
    await first.card(body).waitFor({ state: 'detached' });

    await theirs.getByRole('button', { name: 'ارفض', exact: true }).click();
    await theirs.getByRole('button', { name: 'تأكيد الرفض' }).click();
    await expect
      .poll(() => theirs.locator('.card-taken').textContent())
      .toMatch(/^تولّاه Layla \(نُشر، .+\)\. لم يُرسل قرارك\.$/);
    expect(await theirs.getByRole('button', { name: 'ارفض', exact: true }).isHidden()).toBe(true);
    expect((await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`)).body.status).toBe(
      'approved',
    );
    await screenshot(second.page, 'moderation-taken-ar');
    expect(
      [...first.problems.errors, ...second.problems.errors].filter(
        (e) => !e.includes('409') && !e.includes('ERR_FAILED'),
      ),
    ).toEqual([]);
  });

  test('readers report published comments: the Reported tab shows how often and why, and the moderator takes one down and keeps the other', async () => {
    const report = (id: string, reader: string, reason: string) =>
      call(stack.baseUrl, 'POST', `/api/v1/comments/${id}/reports`, {
        json: { reason },
        headers: { 'x-reader-id': reader },
      });
    const bodies = ['تعليق منشور يراه القراء مسيئًا', 'تعليق منشور لا بأس به رغم البلاغات'];
    const ids: string[] = [];
    for (const [n, body] of bodies.entries()) {
      const id = await postViaApi(stack, body, { name: `منشور ${n}` });
      await inQueue(stack, layla.token, id, 'approved');
      for (const [i, reason] of ['abuse', 'abuse', 'spam'].entries())
        expect((await report(id, `reader-${n}-${i}-abcdef`, reason)).status).toBe(202);
      await inQueue(stack, layla.token, id, 'reported');
      ids.push(id);
    }

    const { page, card, count, problems } = await openConsole(
      await newContext(browser, { locale: 'en' }),
      stack,
      layla.token,
    );
    await page.getByRole('tab', { name: /Reported/ }).click();
    const takeDown = card(bodies[0]!);
    const keep = card(bodies[1]!);
    await takeDown.waitFor();
    expect(await count('reported')).toBe('2');
    expect(await takeDown.locator('.reports').textContent()).toBe(
      'Reported 3 times: abuse (2), spam (1)',
    );

    await takeDown.getByRole('button', { name: 'Take down' }).click();
    await takeDown.getByLabel('Reason for rejecting').fill('إساءة مؤكدة');
    await takeDown.getByRole('button', { name: 'Confirm reject' }).click();
    await takeDown.waitFor({ state: 'detached' });
    await keep.getByRole('button', { name: 'Keep published' }).click();
    await keep.waitFor({ state: 'detached' });
    expect(await count('reported')).toBe('0');

    const statuses = await Promise.all(
      ids.map(
        async (id) =>
          (await call(stack.baseUrl, 'GET', `/api/v1/comments/${id}/status`)).body.status,
      ),
    );
    expect(statuses).toEqual(['rejected', 'approved']);
    const reported = await call(
      stack.baseUrl,
      'GET',
      '/api/v1/moderation/comments?status=reported&limit=100',
      { token: layla.token },
    );
    expect(reported.body.items).toEqual([]);

    // The same queue in Arabic says it in Arabic.
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('[data-empty]').textContent()).toBe('لا شيء للمراجعة هنا.');
    expect(problems.errors).toEqual([]);
  });

  test('the audit page lists what the moderators did, filters by event type, pages to older entries, and is for admin tokens only', async () => {
    const page = await (await newContext(browser, { locale: 'en' })).newPage();
    await page.goto(`${stack.baseUrl}/moderation/audit`);
    await page.getByLabel('Moderator token').fill(stack.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const rows = page.locator('[data-audit-rows] tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const types = await page
      .locator('[data-audit-rows] tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type')));
    expect(types).toEqual(
      expect.arrayContaining(['author.standing_changed', 'author.note_added', 'comment.approved']),
    );
    const suspension = page.locator('tr[data-type="author.standing_changed"]');
    expect(await suspension.textContent()).toContain(SUSPEND_REASON);
    expect(await suspension.textContent()).toContain('Layla');
    expect(
      await page.locator('tr[data-type="comment.approved"]', { hasText: 'Layla' }).count(),
    ).toBeGreaterThan(0);

    await page.getByLabel('Event type').fill('author.standing_changed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.getAttribute('data-type')).toBe('author.standing_changed');
    await screenshot(page, 'moderation-audit');

    // Fifty entries a page; older ones by cursor.
    for (let i = 0; i < 52; i += 1) await createModerator(`Moderator ${i}`);
    await page.getByLabel('Event type').fill('moderator.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.count()).toBe(50);
    // Newest first: the last one created is at the top.
    expect(await rows.first().textContent()).toContain('moderator.created');
    await page.getByRole('button', { name: 'Older entries' }).click();
    await expect.poll(() => rows.count()).toBe(54);
    expect(await page.getByRole('button', { name: 'Older entries' }).isHidden()).toBe(true);

    // A moderator token may moderate, but not read the audit log.
    const other = await (await newContext(browser, { locale: 'en' })).newPage();
    await other.goto(`${stack.baseUrl}/moderation/audit`);
    await other.getByLabel('Moderator token').fill(nadia.token);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => other.locator('[data-audit-error]').textContent())
      .toBe('Only an admin token can read the audit log.');
  });
});
