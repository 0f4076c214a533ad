import { TextDecoder } from 'node:util';
import { randomUUID } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from './app-deps.ts';
import { createAuth } from './http/auth.ts';
import { errorHandler, notFoundHandler } from './http/error-map.ts';
import { adminRoutes } from './routes/admin.ts';
import { ADMIN_QUEUES_PATH, adminQueues } from './routes/admin-queues.ts';
import { authorRoutes } from './routes/authors.ts';
import { moderationRoutes } from './routes/moderation.ts';
import { modelRoutes } from './routes/models.ts';
import { operationsRoutes } from './routes/operations.ts';
import { policyRoutes } from './routes/policy.ts';
import { precisionRoutes } from './routes/precision.ts';
import { publicRoutes } from './routes/public.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { createWebRouter } from './web/index.ts';
import { policyPageRouter } from './web/policy-page.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Builds the Express app from its dependencies. It never listens: main.ts does. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.http.trustProxy);
  app.set('etag', 'weak');
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id =
          (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // One short line per request: no headers (they carry tokens), no bodies (they carry comments).
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
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
  const json = (limit: string) =>
    express.json({
      limit,
      type: ['application/json', 'application/*+json'],
      // body-parser would silently turn invalid UTF-8 into U+FFFD; refuse it instead.
      verify: (_req, _res, buffer) => {
        try {
          utf8.decode(buffer);
        } catch {
          throw Object.assign(new Error('invalid UTF-8'), {
            type: 'encoding.invalid',
            status: 400,
          });
        }
      },
    });
  // A policy's word lists can run to thousands of terms: its routes get a larger limit (a body
  // parsed here is left alone by the general parser below).
  app.use('/api/v1/policy', json(deps.http.policyBodyLimit));
  app.use(json(deps.http.jsonBodyLimit));

  const auth = createAuth(deps.http.adminToken, deps.moderators, deps.authFailures);
  app.use(operationsRoutes(deps, auth));
  app.use(publicRoutes(deps, auth));
  app.use(moderationRoutes(deps, auth));
  app.use(authorRoutes(deps, auth));
  app.use(adminRoutes(deps, auth));
  app.use(webhookRoutes(deps, auth));
  app.use(modelRoutes(deps, auth));
  app.use(precisionRoutes(deps, auth));
  app.use(policyRoutes(deps, auth));
  app.use(
    ADMIN_QUEUES_PATH,
    adminQueues(
      [deps.queue, deps.reportQueue, deps.backtests.queue, deps.trainingQueue, deps.webhooks.queue],
      auth,
    ),
  );
  app.use(createWebRouter({ getArticle: (id) => deps.articles.get(id) }));
  app.use(policyPageRouter());
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
