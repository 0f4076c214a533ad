import { TextDecoder } from 'node:util';
import express from 'express';
import type { AppDeps } from './app-deps.ts';
import { createAuth } from './http/auth.ts';
import { errorHandler, notFoundHandler } from './http/error-map.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
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
  app.use(requestLog(app, deps.logger));
  app.use(deps.metrics.measure);
  app.use(
    securityHeaders({
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
  // The readers' routes first: the hot thread GET and comment POST match before any other router.
  app.use(publicRoutes(deps, auth));
  app.use(operationsRoutes(deps, auth));
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
