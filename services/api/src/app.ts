import { TextDecoder } from 'node:util';
import { randomUUID } from 'node:crypto';
import type { ArticleRepository, CommentRepository, Database, ModeratorRepository } from '@cm/db';
import type { CommentQueue, ThreadCache } from '@cm/queue';
import express from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createAuth } from './auth.ts';
import type { ApiMetrics } from './metrics.ts';
import { JSON_BODY_LIMIT } from './limits.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { errorHandler, notFoundHandler } from './problem.ts';
import type { CommentRateLimiter } from './rate-limit.ts';
import { moderationRoutes } from './routes/moderation.ts';
import { publicRoutes } from './routes/public.ts';
import { createWebRouter } from './web/index.ts';

export interface AppDeps {
  db: Database;
  redis: Redis;
  queue: CommentQueue;
  threadCache: ThreadCache;
  articles: ArticleRepository;
  comments: CommentRepository;
  moderators: ModeratorRepository;
  rateLimiter: CommentRateLimiter;
  metrics: ApiMetrics;
  logger: Logger;
  adminToken: string;
  prefix: string;
  trustProxy: boolean | number | string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Builds the Express app from its dependencies. It never listens: main.ts does. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', 'weak');
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // One short line per request: no headers (they carry tokens), no bodies (they carry comments).
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(deps.metrics.measure);
  app.use(
    helmet({
      // Helmet's default CSP also says upgrade-insecure-requests, which breaks every asset on a
      // plain-HTTP deployment reached by address (docker compose on a LAN). TLS deployments get
      // HSTS; the upgrade belongs to the TLS-terminating proxy.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  app.use(
    express.json({
      limit: JSON_BODY_LIMIT,
      type: ['application/json', 'application/*+json'],
      // body-parser would silently turn invalid UTF-8 into U+FFFD; refuse it instead.
      verify: (_req, _res, buffer) => {
        try {
          utf8.decode(buffer);
        } catch {
          throw Object.assign(new Error('invalid UTF-8'), { type: 'encoding.invalid', status: 400 });
        }
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const check = async (probe: () => Promise<unknown>) => {
      try {
        await withTimeout(probe(), 2_000);
        return 'ok';
      } catch (error) {
        return `unavailable: ${(error as Error).message}`;
      }
    };
    const [postgres, redis] = await Promise.all([check(() => deps.db.$queryRaw`SELECT 1`), check(() => deps.redis.ping())]);
    const ready = postgres === 'ok' && redis === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks: { postgres, redis } });
  });

  const openApi = JSON.stringify(buildOpenApiDocument());
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' });
    res.type('application/json').send(openApi);
  });

  const auth = createAuth(deps.adminToken, deps.moderators);
  app.get('/metrics', auth.requireAdmin, async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use(publicRoutes(deps, auth.requireAdmin));
  app.use(moderationRoutes(deps, auth.requireModerator, auth.requireAdmin));
  app.use(createWebRouter({ getArticle: (id) => deps.articles.get(id) }));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
