import { randomUUID } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
// Only for its typing of `req.id` and `req.log`, which the rest of the API relies on.
import type {} from 'pino-http';

/**
 * The request id and the access log, without pino-http's per-request cost: pino-http builds a
 * child logger with the serialized request for every request, even when its level is off (the
 * bench's `warn`), which was a visible share of a hot thread GET's CPU. Here:
 * - `X-Request-Id` is the caller's (first 100 characters) or a new UUID, and `req.id`;
 * - `req.log` is a child logger bound to `{ req: { id, method, url } }`, made only when a route
 *   first logs through it;
 * - at `info`, one line per request (`request completed`, or `request aborted` when the client
 *   went away first) with `req`, `res.statusCode` and `responseTime` in ms, as pino-http wrote it;
 *   `/healthz` and `/readyz` are not logged. No headers (they carry tokens), no bodies (comments).
 */
export function requestLog(app: Express, logger: Logger): RequestHandler {
  const reqBinding = (req: {
    id: unknown;
    method: string;
    originalUrl?: string;
    url?: string;
  }) => ({
    id: req.id,
    method: req.method,
    url: req.originalUrl ?? req.url,
  });
  // On the app's request prototype, so a request that never logs pays nothing for it.
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Parameters<RequestHandler>[0] & { _log?: Logger }) {
      this._log ??= logger.child({ req: reqBinding(this) });
      return this._log;
    },
    set(this: { _log?: Logger }, value: Logger) {
      this._log = value;
    },
  });
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' ? given.slice(0, 100) : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (logger.isLevelEnabled('info') && req.url !== '/healthz' && req.url !== '/readyz') {
      const start = performance.now();
      const done = (msg: string) => () => {
        logger.info(
          {
            req: reqBinding(req),
            res: { statusCode: res.statusCode },
            responseTime: Math.round(performance.now() - start),
          },
          msg,
        );
      };
      res.once('finish', done('request completed'));
      res.once('close', () => {
        if (!res.writableFinished) done('request aborted')();
      });
    }
    next();
  };
}
