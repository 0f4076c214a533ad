import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import type { Auth } from '../http/auth.ts';
import { buildOpenApiDocument } from '../http/openapi.ts';

/** What operators and clients' tooling call: liveness, readiness, metrics and the contract. */
export function operationsRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const check = async (probe: () => Promise<unknown>) => {
      try {
        await withTimeout(probe(), 2_000);
        return 'ok';
      } catch (error) {
        return `unavailable: ${(error as Error).message}`;
      }
    };
    const [postgres, redis] = await Promise.all([
      check(deps.probes.postgres),
      check(deps.probes.redis),
    ]);
    const ready = postgres === 'ok' && redis === 'ok';
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'unavailable', checks: { postgres, redis } });
  });

  const openApi = JSON.stringify(buildOpenApiDocument({ jsonBodyLimit: deps.http.jsonBodyLimit }));
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' });
    res.type('application/json').send(openApi);
  });

  router.get('/metrics', auth.requireAdmin, async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
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
