import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';
import { widgetLoader } from './widget-loader.ts';

export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/** Only these are assets; anything else in public/ (its tsconfig.json) is not served. */
const ASSET = /\.(js|css|svg|png|woff2?)$/;
const YEAR_SECONDS = 365 * 24 * 60 * 60;
/** The unversioned URLs are what newsrooms paste into their pages: short-lived, revalidated by ETag. */
const STABLE_MAX_AGE_SECONDS = 5 * 60;

export interface StaticAssets {
  /** Content hash of every file under public/: changes whenever any asset changes. */
  build: string;
  /** Paths of the assets under public/, relative, with forward slashes. */
  files: string[];
  /** Versioned, immutable URL of an asset, for pages this service renders. */
  url(path: string): string;
  router: express.Router;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : ASSET.test(entry.name) ? [path] : [];
    })
    .sort();
}

export function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** Scripts and styles are loaded by other origins' article pages (the widget), so allow that. */
function allowCrossOrigin(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

/**
 * Serves public/ under `/static/v/<build>/` with a one-year immutable cache (what our pages and
 * the widget loader link to; relative imports between modules stay inside one build), and under
 * `/static/` with a five-minute cache plus ETag. `/static/widget.js` is the stable loader that
 * newsrooms embed.
 */
export function createStaticAssets(dir: string = PUBLIC_DIR): StaticAssets {
  const build = hashDirectory(dir);
  const common = { index: false, redirect: false, dotfiles: 'ignore', fallthrough: true } as const;
  const assetsOnly =
    (serve: express.RequestHandler): express.RequestHandler =>
    (req, res, next) => {
      if (ASSET.test(req.path)) serve(req, res, next);
      else next();
    };
  const immutable = assetsOnly(
    express.static(dir, {
      ...common,
      immutable: true,
      maxAge: YEAR_SECONDS * 1000,
      setHeaders: allowCrossOrigin,
    }),
  );
  const stable = assetsOnly(
    express.static(dir, {
      ...common,
      maxAge: STABLE_MAX_AGE_SECONDS * 1000,
      setHeaders: allowCrossOrigin,
    }),
  );

  const loader = widgetLoader(build);
  const router = express.Router();
  router.get('/static/widget.js', (_req, res) => {
    allowCrossOrigin(res);
    res
      .type('text/javascript')
      .set('Cache-Control', `public, max-age=${STABLE_MAX_AGE_SECONDS}`)
      .set('ETag', `"loader-${build}"`);
    res.send(loader);
  });
  router.use('/static/v/:build', (req, res, next) => {
    // A page rendered by an older build (during a deploy) still gets today's files, uncached
    // for long, instead of a 404.
    if (req.params.build === build) immutable(req, res, next);
    else stable(req, res, next);
  });
  router.use('/static', stable);

  return {
    build,
    files: listFiles(dir).map((file) => relative(dir, file).split(sep).join('/')),
    url: (path) => `/static/v/${build}/${path.replace(/^\/+/, '')}`,
    router,
  };
}
