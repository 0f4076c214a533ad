import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, RequestHandler } from 'express';
import type { Auth } from '../http/auth.ts';

/** A BullMQ queue of ours (the adapter's own parameter type: no direct bullmq import here). */
type AnyQueue = ConstructorParameters<typeof BullMQAdapter>[0];

/** Where the queue dashboard is served (its page, its assets and its JSON under `api/`). */
export const ADMIN_QUEUES_PATH = '/admin/queues';

/** The realm browsers show when they ask for the admin token. */
const REALM = 'queues';

/**
 * The dashboard's own Content-Security-Policy, for its sub-path only: its page loads its scripts
 * and styles from its own `static/` folder and sets inline styles (a loading spinner, React
 * style attributes); it names Google Fonts, which we do not let an admin's browser fetch.
 */
const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const boardHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', BOARD_CSP);
  // Job payloads are comments with authors' e-mails: never kept by a browser or a proxy.
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * bull-board at `/admin/queues`: the service's BullMQ queues (comments, reports, backtests, training,
 * webhooks) with their jobs, for admins. Read-only: emptying or cleaning the comment queue
 * would drop comments readers were told were accepted; failed comments are retried through
 * `POST /api/v1/admin/jobs/…`, which stores each exactly once. A browser opens it with the
 * admin token as the Basic password; scripts may send it as a Bearer token. Failed sign-ins
 * count against the same per-IP throttle as every admin route.
 */
export function adminQueues(queues: AnyQueue[], auth: Auth): RequestHandler {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Moderation queues' } },
  });
  const board = adapter.getRouter() as Express;
  // bull-board mounts an Express app of its own: it must not announce Express either.
  board.disable('x-powered-by');
  const guard = auth.requireAdminPage(REALM);
  // One handler, so the route list (and the fuzz test) sees the dashboard as one mount.
  return (req, res, next) => {
    const pass = (error?: unknown) => {
      if (error !== undefined) {
        next(error);
        return;
      }
      boardHeaders(req, res, () => board(req, res, next));
    };
    Promise.resolve(guard(req, res, pass)).catch(next);
  };
}
