import { isPageButtonLabel, splitParagraphs } from '@cm/contracts';
import { html, type SafeHtml } from './html.ts';
import { directionOf, langAttribute, uiLanguageOf, type UiLanguage } from './page-language.ts';

/** What the article page needs to know about an article. */
export interface WebArticle {
  id: string;
  title: string;
  url: string | null;
  language: string;
  /** Article text, paragraphs separated by blank lines. */
  body: string | null;
  commentsOpen: boolean;
  approvedCount: number;
}

const STRINGS = {
  ar: {
    site: 'الأخبار',
    share: 'شارك',
    comment: 'تعليق',
    comments: 'التعليقات',
    noscript: 'فعّل JavaScript لقراءة التعليقات وكتابتها.',
    footer: 'التعليقات تخضع للإشراف قبل النشر.',
  },
  en: {
    site: 'News',
    share: 'Share',
    comment: 'Comment',
    comments: 'Comments',
    noscript: 'Turn on JavaScript to read and write comments.',
    footer: 'Comments are moderated before they are published.',
  },
} satisfies Record<UiLanguage, Record<string, string>>;

/**
 * Splits the stored text into paragraphs. Drops a paragraph that only repeats the title (the
 * headline is rendered as <h1>) and leading/trailing lone button labels copied with the text.
 */
export function articleParagraphs(body: string | null, title: string): string[] {
  const paragraphs = splitParagraphs(body ?? '').map((p) => p.replace(/\s+/g, ' '));
  while (paragraphs.length > 0 && isPageButtonLabel(paragraphs[0]!)) paragraphs.shift();
  while (paragraphs.length > 0 && isPageButtonLabel(paragraphs.at(-1)!)) paragraphs.pop();
  return paragraphs.filter((p) => p !== title.trim());
}

export interface PageAssets {
  files: string[];
  url(path: string): string;
}

const WIDGET_LIB = new Set(['lib/dom.js', 'lib/http.js', 'lib/text-facts.js']);

/** The widget's module graph, fetched in parallel instead of import by import. */
function widgetPreloads(assets: PageAssets): SafeHtml[] {
  return assets.files
    .filter(
      (file) =>
        (/^widget\/.*\.js$/.test(file) && file !== 'widget/main.js') || WIDGET_LIB.has(file),
    )
    .map((file) => html`<link rel="modulepreload" href="${assets.url(file)}">\n`);
}

export function renderArticlePage(article: WebArticle, assets: PageAssets): string {
  const ui = uiLanguageOf(article.language);
  const t = STRINGS[ui];
  const [standfirst, ...paragraphs] = articleParagraphs(article.body, article.title);
  const description = standfirst ? standfirst.slice(0, 200) : article.title;

  return `<!doctype html>\n${
    html`<html lang="${langAttribute(article.language)}" dir="${directionOf(article.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${assets.url('favicon.svg')}" type="image/svg+xml">
<title>${article.title}</title>
<meta name="description" content="${description}">
<meta property="og:type" content="article">
<meta property="og:title" content="${article.title}">
${article.url ? html`<link rel="canonical" href="${article.url}">` : ''}
<link rel="stylesheet" href="${assets.url('article.css')}">
<script type="module" src="${assets.url('article.js')}"></script>
<script type="module" src="${assets.url('widget/main.js')}"></script>
<link rel="preload" as="style" href="${assets.url('widget.css')}">
${widgetPreloads(assets)}</head>
<body>
<header class="masthead"><span class="masthead-name">${t.site}</span></header>
<main class="page">
<article class="story">
<h1 class="story-title" dir="auto">${article.title}</h1>
<div class="story-actions">
<button type="button" class="action" data-share data-share-title="${article.title}"${article.url ? html` data-share-url="${article.url}"` : ''}>${t.share}</button>
<a class="action" href="#comments" data-compose>${t.comment}</a>
<span class="share-status" role="status" aria-live="polite"></span>
</div>
${standfirst ? html`<p class="standfirst" dir="auto">${standfirst}</p>` : ''}
${paragraphs.map((p) => html`<p dir="auto">${p}</p>\n`)}
</article>
${commentsContainer(article, t)}
</main>
<footer class="page-footer">${t.footer}</footer>
</body>
</html>`.value
  }\n`;
}

function commentsContainer(article: WebArticle, t: (typeof STRINGS)[UiLanguage]): SafeHtml {
  return html`<section id="comments" class="comments" data-article="${article.id}" data-lang="${langAttribute(article.language)}" aria-label="${t.comments}">
<noscript><p>${t.noscript}</p></noscript>
</section>`;
}

/** Shown for an unknown article; bilingual because we do not know the reader's language. */
export function renderNotFoundPage(assets: PageAssets): string {
  return `<!doctype html>\n${
    html`<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${assets.url('favicon.svg')}" type="image/svg+xml">
<title>المقال غير موجود · Article not found</title>
<link rel="stylesheet" href="${assets.url('article.css')}">
</head>
<body>
<main class="page not-found">
<h1>لم نجد هذا المقال</h1>
<p>ربما نُقل أو حُذف، أو أن الرابط غير صحيح.</p>
<h1 lang="en" dir="ltr">We could not find this article</h1>
<p lang="en" dir="ltr">It may have moved or been removed, or the link is wrong.</p>
</main>
</body>
</html>`.value
  }\n`;
}
