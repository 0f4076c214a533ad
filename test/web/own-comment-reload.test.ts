import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newContext } from '../support/browser.ts';
import { call, startStack, type Stack } from '../support/stack.ts';
import { ARTICLE, openArticle, type ReaderPage } from './pages.ts';

/*
 * Issue 10: a reader's own comment disappeared on reload, because the thread said
 * `stale-while-revalidate=30` in Cache-Control and browsers honour it. Browsers must now
 * revalidate (ETag → 304) while CDNs keep their short shared caching.
 */

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The comment's state in the widget (`pending`, `published`, `approved`…), or null if absent. */
const stateOf = async (reader: ReaderPage, body: string) => {
  const comment = reader.comment(body);
  return (await comment.count()) ? comment.first().getAttribute('data-state') : null;
};
const published = (reader: ReaderPage, body: string) =>
  expect.poll(() => stateOf(reader, body), { timeout: 15_000 }).toBe('published');

async function reload(reader: ReaderPage) {
  await reader.page.reload();
  await reader.page.locator('#comments .cm-heading').waitFor();
}

describe("a reader's own comment stays on the page after a reload", () => {
  test('the thread tells browsers to revalidate and leaves stale-while-revalidate to CDNs', async () => {
    const first = await call(stack.baseUrl, 'GET', `/api/v1/articles/${ARTICLE}/comments`);
    const cacheControl = first.headers.get('cache-control') ?? '';
    expect(cacheControl).toMatch(/max-age=0/);
    expect(cacheControl).toMatch(/must-revalidate/);
    expect(cacheControl).not.toMatch(/stale-while-revalidate/);
    expect(first.headers.get('cdn-cache-control')).toBe(
      'public, max-age=5, stale-while-revalidate=30',
    );
    expect(first.headers.get('surrogate-control')).toBe('max-age=5, stale-while-revalidate=30');
    const again = await call(stack.baseUrl, 'GET', `/api/v1/articles/${ARTICLE}/comments`, {
      // fetch() adds "Cache-Control: no-cache" to a conditional request; a browser sends max-age=0.
      headers: { 'if-none-match': first.headers.get('etag')!, 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });

  test('a reader posts, sees the comment published, reloads the article: it is still there, from the server', async () => {
    const body = 'تعليق يبقى بعد إعادة تحميل الصفحة';
    const reader = await openArticle(await newContext(browser), stack);
    await reader.post({ name: 'سلمى', body });
    await published(reader, body);
    // Without the widget's own memory of it, so only the thread as fetched can show it.
    await reader.page.evaluate(() => localStorage.clear());
    await reload(reader);
    await expect.poll(() => stateOf(reader, body), { timeout: 5_000 }).toBe('approved');
    expect(reader.problems.errors).toEqual([]);
  });

  test('behind a CDN that serves a thread page from before the approval, the reader still sees their comment after a reload', async () => {
    const cdn = await startCdn(stack.baseUrl);
    try {
      const body = 'تعليقي يظهر حتى من خلف شبكة توزيع المحتوى';
      const reader = await openArticle(await newContext(browser), {
        ...stack,
        baseUrl: cdn.url,
      });
      await reader.post({ name: 'كريم', body });
      await published(reader, body);
      const hitsBefore = cdn.hits;
      await reload(reader);
      await expect
        .poll(() => reader.comment(body).getAttribute('data-state'), { timeout: 5_000 })
        .toBe('approved');
      // The CDN really did answer with its older page: the widget filled the gap.
      expect(cdn.hits).toBeGreaterThan(hitsBefore);
      expect(reader.problems.errors).toEqual([]);
    } finally {
      await cdn.stop();
    }
  });
});

/**
 * A minimal shared cache in front of the service, as a CDN reading CDN-Cache-Control would be:
 * it keeps GET answers for `max-age` and serves them stale for `stale-while-revalidate` more
 * (without revalidating: the worst case a CDN may legitimately produce).
 */
async function startCdn(origin: string) {
  const cache = new Map<
    string,
    { at: number; fresh: number; stale: number; status: number; headers: Headers; body: Buffer }
  >();
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      const cached = req.method === 'GET' ? cache.get(url) : undefined;
      const age = cached ? (Date.now() - cached.at) / 1000 : Infinity;
      let answer = cached && age < cached.fresh + cached.stale ? cached : undefined;
      if (answer) state.hits += 1;
      if (!answer) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string' && !['host', 'connection', 'if-none-match'].includes(name))
            headers.set(name, value);
        const upstream = await fetch(`${origin}${url}`, {
          method: req.method ?? 'GET',
          headers,
          ...(chunks.length && { body: Buffer.concat(chunks) }),
        });
        const rule = upstream.headers.get('cdn-cache-control') ?? '';
        answer = {
          at: Date.now(),
          fresh: Number(/max-age=(\d+)/.exec(rule)?.[1] ?? 0),
          stale: Number(/stale-while-revalidate=(\d+)/.exec(rule)?.[1] ?? 0),
          status: upstream.status,
          headers: upstream.headers,
          body: Buffer.from(await upstream.arrayBuffer()),
        };
        if (req.method === 'GET' && rule && upstream.status === 200) cache.set(url, answer);
      }
      res.statusCode = answer.status;
      answer.headers.forEach((value, name) => {
        if (
          !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)
        )
          res.setHeader(name, value);
      });
      res.end(answer.body);
    })().catch((error: unknown) => {
      res.statusCode = 502;
      res.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Answers served from the cache, fresh or stale. */
    get hits() {
      return state.hits;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
