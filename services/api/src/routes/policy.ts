import { policyDiffQuerySchema, policyVersionPathSchema, putPolicyBodySchema } from '@cm/contracts';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toPolicyVersionDto, toPolicyVersionSummaryDto } from '../dto.ts';
import { principalOf, type Auth } from '../http/auth.ts';
import { optionalJsonBody, parseOr400, requireJson } from '../http/problem.ts';
import {
  activatePolicy,
  activePolicy,
  diffPolicyVersions,
  policyVersion,
  policyVersions,
  savePolicy,
} from '../use-cases/policy.ts';

/** The moderation policy as living data: moderators read it, admins change it. */
export function policyRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();
  const noStore = { 'Cache-Control': 'no-store' };

  router.get('/api/v1/policy', auth.requireModerator, async (_req, res) => {
    res.set(noStore).json(toPolicyVersionDto(await activePolicy(deps)));
  });

  router.put('/api/v1/policy', auth.requireAdmin, requireJson, async (req, res) => {
    const body = parseOr400(putPolicyBodySchema, req.body, 'body');
    const saved = await savePolicy(deps, body, principalOf(res).id);
    res
      .status(201)
      .set(noStore)
      .location(`/api/v1/policy/versions/${saved.version}`)
      .json(toPolicyVersionDto(saved));
  });

  router.get('/api/v1/policy/versions', auth.requireModerator, async (_req, res) => {
    const items = await policyVersions(deps);
    res.set(noStore).json({ items: items.map(toPolicyVersionSummaryDto) });
  });

  router.get('/api/v1/policy/versions/:version', auth.requireModerator, async (req, res) => {
    const { version } = parseOr400(policyVersionPathSchema, req.params, 'path');
    res.set(noStore).json(toPolicyVersionDto(await policyVersion(deps, version)));
  });

  router.post('/api/v1/policy/versions/:version/activate', auth.requireAdmin, async (req, res) => {
    const { version } = parseOr400(policyVersionPathSchema, req.params, 'path');
    optionalJsonBody(req);
    const active = await activatePolicy(deps, version, principalOf(res).id);
    res.set(noStore).json(toPolicyVersionDto(active));
  });

  router.get('/api/v1/policy/diff', auth.requireModerator, async (req, res) => {
    const query = parseOr400(policyDiffQuerySchema, req.query, 'query');
    res.set(noStore).json(await diffPolicyVersions(deps, query.from, query.to));
  });

  return router;
}
