import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';

export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

const YEAR_SECONDS = 365 * 24 * 60 * 60;
/** The unversioned URLs are what newsrooms paste into their pages: short-lived, revalidated by ETag. */
const STABLE_MAX_AGE_SECONDS = 5 * 60;

export interface StaticAssets {
  /** Content hash of every file under public/: changes whenever any asset changes. */
  build: string;
  /** Versioned, immutable URL of an asset, for pages this service renders. */
  url(path: string): string;
  router: express.Router;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

export function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir).sort()) {
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
 * Serves public/ twice: under `/static/v/<build>/` with a one-year immutable cache (what our own
 * pages link to; relative imports between modules stay inside one build), and under `/static/`
 * with a five-minute cache plus ETag (the stable URL of the embeddable widget).
 */
export function createStaticAssets(dir: string = PUBLIC_DIR): StaticAssets {
  const build = hashDirectory(dir);
  const common = { index: false, redirect: false, dotfiles: 'ignore', fallthrough: true } as const;
  const immutable = express.static(dir, {
    ...common,
    immutable: true,
    maxAge: YEAR_SECONDS * 1000,
    setHeaders: allowCrossOrigin,
  });
  const stable = express.static(dir, {
    ...common,
    maxAge: STABLE_MAX_AGE_SECONDS * 1000,
    setHeaders: allowCrossOrigin,
  });

  const router = express.Router();
  router.use('/static/v/:build', (req, res, next) => {
    // A page rendered by an older build (during a deploy) still gets today's files, uncached
    // for long, instead of a 404.
    if (req.params.build === build) immutable(req, res, next);
    else stable(req, res, next);
  });
  router.use('/static', stable);

  return {
    build,
    url: (path) => `/static/v/${build}/${path.replace(/^\/+/, '')}`,
    router,
  };
}
