import { articleIdSchema } from '@cm/contracts';
import express, { type NextFunction, type Request, type Response } from 'express';
import { renderArticlePage, renderNotFoundPage, type WebArticle } from './article-page.ts';
import { renderModerationPage } from './moderation-page.ts';
import { uiLanguageOf } from './page-language.ts';
import { createStaticAssets } from './static-assets.ts';

export type { WebArticle } from './article-page.ts';

export interface WebDeps {
  getArticle(id: string): Promise<WebArticle | null>;
}

/**
 * The reader- and moderator-facing pages, plus their static assets. Pages are rendered on the
 * server with escaping; everything interactive is in external modules under public/ (the
 * Content-Security-Policy forbids inline script).
 */
export function createWebRouter(deps: WebDeps): express.Router {
  const assets = createStaticAssets();
  const router = express.Router();
  router.use(assets.router);

  router.get(
    '/articles/:articleId',
    async (req: Request<{ articleId: string }>, res: Response, next: NextFunction) => {
      try {
        // An id that cannot exist (NUL, 4 KB, …) is not looked up: it is simply not found.
        const id = articleIdSchema.safeParse(req.params.articleId);
        const article = id.success ? await deps.getArticle(id.data) : null;
        if (!article) {
          // Browsers get a page to read; other clients the API's problem+json 404.
          if (!wantsHtml(req)) {
            next();
            return;
          }
          res.status(404).type('html').set('Cache-Control', 'no-store');
          res.send(renderNotFoundPage(assets));
          return;
        }
        res.type('html');
        // The thread itself is fetched by the widget; the page can be cached briefly.
        res.set('Cache-Control', 'public, max-age=60').send(renderArticlePage(article, assets));
      } catch (error) {
        next(error);
      }
    },
  );

  for (const [path, view] of [
    ['/moderation', 'queue'],
    ['/moderation/audit', 'audit'],
  ] as const) {
    router.get(path, (req, res) => {
      // First paint in the browser's language; the console then applies the moderator's choice.
      const lang = uiLanguageOf(req.acceptsLanguages('en', 'ar') || 'en');
      res
        .type('html')
        .set({ 'Cache-Control': 'no-cache', Vary: 'Accept-Language' })
        .send(renderModerationPage(assets, lang, view));
    });
  }

  return router;
}

/** A browser navigating (its Accept names text/html), as opposed to an API client or a script. */
const wantsHtml = (req: Request) => /\btext\/html\b/i.test(req.get('accept') ?? '');
