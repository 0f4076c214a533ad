import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MAX_COMMENT_LENGTH } from '@cm/contracts';
import { directionOf } from '@cm/moderation';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { articleParagraphs } from './article-page.ts';
import { html } from './html.ts';
import { createWebRouter, type WebArticle } from './index.ts';

const ARTICLES: Record<string, WebArticle> = {
  hostile: {
    id: 'hostile',
    title: 'عنوان <script>alert(1)</script> "quoted"',
    url: 'https://example.com/a?x=1&y="2"',
    language: 'ar',
    body: 'شارك\n\nعنوان <script>alert(1)</script> "quoted"\n\nفقرة <img src=x onerror=alert(2)>\n\nفقرة ثانية\n\nتعليق',
    commentsOpen: true,
    approvedCount: 3,
  },
  english: {
    id: 'english',
    title: 'Hello',
    url: null,
    language: 'en-GB',
    body: 'One.\n\nTwo.',
    commentsOpen: true,
    approvedCount: 0,
  },
  persian: {
    id: 'persian',
    title: 'سلام',
    url: null,
    language: 'fa',
    body: null,
    commentsOpen: false,
    approvedCount: 0,
  },
};

describe('the web router', () => {
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    app.use(createWebRouter({ getArticle: async (id) => ARTICLES[id] ?? null }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  afterAll(() => close());

  test('an article page escapes everything the newsroom wrote, in text and in attributes', async () => {
    const response = await fetch(`${base}/articles/hostile`);
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page).toContain(
      '<h1 class="story-title" dir="auto">عنوان &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;</h1>',
    );
    expect(page).toContain(
      '<p class="standfirst" dir="auto">فقرة &lt;img src=x onerror=alert(2)&gt;</p>',
    );
    expect(page).toContain('data-share-url="https://example.com/a?x=1&amp;y=&quot;2&quot;"');
    expect(page).not.toMatch(/<script>|<img/);
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('data-article="hostile"');
  });

  test('the page direction follows the article language, the interface speaks Arabic or English', async () => {
    const english = await (await fetch(`${base}/articles/english`)).text();
    expect(english).toContain('<html lang="en-GB" dir="ltr">');
    expect(english).toContain('>Share</button>');
    const persian = await (await fetch(`${base}/articles/persian`)).text();
    expect(persian).toContain('<html lang="fa" dir="rtl">');
  });

  test('an unknown article is a 404 page in Arabic and English, not cached', async () => {
    const response = await fetch(`${base}/articles/nope`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('لم نجد هذا المقال');
  });

  test('an unknown or impossible article id is not looked up, and only browsers get the HTML page', async () => {
    const looked: string[] = [];
    const app = express();
    app.use(
      createWebRouter({
        getArticle: async (id) => {
          looked.push(id);
          return null;
        },
      }),
    );
    app.use((_req, res) => {
      res.status(404).type('application/problem+json').send('{}');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const script = await fetch(`${at}/articles/nope`);
      expect(script.status).toBe(404);
      expect(script.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const nul = await fetch(`${at}/articles/%00`, { headers: { accept: 'text/html' } });
      expect(nul.status).toBe(404);
      expect(looked).toEqual(['nope']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('browsers get the very text facts the API validates with: the same file, the same limits', async () => {
    const page = await (await fetch(`${base}/articles/english`)).text();
    expect(page).toMatch(
      /<link rel="modulepreload" href="\/static\/v\/[0-9a-f]{12}\/lib\/text-facts\.js">/,
    );
    const served = await fetch(`${base}/static/lib/text-facts.js`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/javascript/);
    expect(await served.text()).toBe(
      readFileSync(fileURLToPath(import.meta.resolve('@cm/moderation/text-facts.js')), 'utf8'),
    );
    expect(MAX_COMMENT_LENGTH).toBe(5000);
  });

  test('only assets are served from public/, and the console shell is never cached stale', async () => {
    expect((await fetch(`${base}/static/tsconfig.json`)).status).toBe(404);
    expect((await fetch(`${base}/static/console.css`)).status).toBe(200);
    const console = await fetch(`${base}/moderation`);
    expect(console.headers.get('cache-control')).toBe('no-cache');
    expect(await console.text()).toMatch(
      /<script type="module" src="\/static\/v\/[0-9a-f]{12}\/console\.js"><\/script>/,
    );
  });

  test('the console shell speaks the browser language: Arabic right to left, English otherwise', async () => {
    const arabic = await fetch(`${base}/moderation`, {
      headers: { 'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5' },
    });
    expect(arabic.headers.get('vary')).toContain('Accept-Language');
    const page = await arabic.text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('<title>الإشراف</title>');
    expect(page).toContain('data-i18n="tab.reported">مُبلَّغ عنها</span>');
    const english = await (
      await fetch(`${base}/moderation`, { headers: { 'accept-language': 'fr, en;q=0.5' } })
    ).text();
    expect(english).toContain('<html lang="en" dir="ltr">');
    expect(english).toContain('<label for="token" data-i18n="token">Moderator token</label>');
  });
});

describe('article paragraphs', () => {
  test('split on blank lines, without the repeated headline or the source page button labels', () => {
    expect(
      articleParagraphs(
        'شارك\n\nالعنوان\n\nأولى\nتكملة\n\n \n\nثانية\n\nالعنوان\n\nتعليق',
        'العنوان',
      ),
    ).toEqual(['أولى تكملة', 'ثانية']);
    expect(articleParagraphs(null, 'x')).toEqual([]);
  });
});

describe('writing direction', () => {
  test('right-to-left languages and scripts are rtl, whatever the region; everything else is ltr', () => {
    for (const tag of [
      'ar',
      'ar-EG',
      'he',
      'fa-IR',
      'ur',
      'ps',
      'sd',
      'yi',
      'dv',
      'ckb',
      'ug',
      'ku-Arab',
      'az-Arab',
    ])
      expect([tag, directionOf(tag)]).toEqual([tag, 'rtl']);
    for (const tag of ['en', 'en-GB', 'fr', 'ku', 'tr', 'sd-Deva', 'und', ''])
      expect([tag, directionOf(tag)]).toEqual([tag, 'ltr']);
  });
});

describe('html', () => {
  test('escapes interpolated values but not nested templates', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${`"'&`}">${inner}${['<', 1]}${null}${false}</p>`.value).toBe(
      '<p title="&quot;&#39;&amp;"><b>&lt;i&gt;</b>&lt;1</p>',
    );
  });
});
