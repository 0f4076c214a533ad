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
        const article = await deps.getArticle(req.params.articleId);
        res.type('html');
        if (!article) {
          res.status(404).set('Cache-Control', 'no-store').send(renderNotFoundPage(assets));
          return;
        }
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
