import { precisionQuerySchema } from '@cm/contracts';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import type { Auth } from '../http/auth.ts';
import { parseOr400 } from '../http/problem.ts';
import { rulePrecision } from '../use-cases/rule-precision.ts';

/** Moderators: how often each rule's holds were upheld, from their own final decisions. */
export function precisionRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();
  router.get('/api/v1/policy/precision', auth.requireModerator, async (req, res) => {
    const { days } = parseOr400(precisionQuerySchema, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await rulePrecision(deps, days, new Date()));
  });
  return router;
}
