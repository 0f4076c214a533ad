import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers, computed once. With no per-request directive (no CSP nonce function), helmet
 * sets the same ten-odd headers on every response, yet re-runs each of its middlewares per
 * request; here it runs once against a recorder and each request copies the recorded set.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const recorded = new Map<string, string | number | readonly string[]>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.set(name, value);
    },
    removeHeader(name: string) {
      recorded.delete(name);
    },
  };
  let finished = false;
  (helmet(options) as unknown as (req: unknown, res: unknown, next: (e?: unknown) => void) => void)(
    { headers: {} },
    recorder,
    (error) => {
      if (error !== undefined) throw error instanceof Error ? error : new Error('helmet failed');
      finished = true;
    },
  );
  // Helmet calls next synchronously; anything else would mean it needs the real request.
  if (!finished) throw new Error('helmet did not finish synchronously');
  const headers = [...recorded];
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
