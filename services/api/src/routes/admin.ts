import {
  auditQuerySchema,
  commentIdSchema,
  createModeratorBodySchema,
  failedJobsQuerySchema,
  JobNotFailed,
  ModeratorNotFound,
} from '@cm/contracts';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toAuditPageDto, toFailedJobDto, toModeratorDto } from '../dto.ts';
import { principalOf, type Auth } from '../http/auth.ts';
import { parseOr400, requireJson } from '../http/problem.ts';
import { auditTrail } from '../use-cases/audit-trail.ts';
import { listFailedJobs, retryAllFailedJobs, retryFailedJob } from '../use-cases/failed-jobs.ts';
import { createModerator, revokeModerator } from '../use-cases/moderators.ts';

/** Admin-only: moderator tokens, the audit trail, and comments whose processing failed for good. */
export function adminRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();

  router.post('/api/v1/admin/moderators', auth.requireAdmin, requireJson, async (req, res) => {
    const body = parseOr400(createModeratorBodySchema, req.body, 'body');
    const { moderator, token } = await createModerator(deps, body, principalOf(res).id);
    res.set('Cache-Control', 'no-store');
    res.status(201).json({ ...toModeratorDto(moderator), token });
  });

  router.delete('/api/v1/admin/moderators/:id', auth.requireAdmin, async (req, res) => {
    // Moderator ids are UUIDs, like comment ids.
    const id = commentIdSchema.safeParse(req.params.id);
    if (!id.success) throw new ModeratorNotFound(String(req.params.id));
    await revokeModerator(deps, id.data, principalOf(res).id);
    res.status(204).end();
  });

  router.get('/api/v1/admin/jobs/failed', auth.requireAdmin, async (req, res) => {
    const { offset, limit } = parseOr400(failedJobsQuerySchema, req.query, 'query');
    const { items, total } = await listFailedJobs(deps, offset, limit);
    res.set('Cache-Control', 'no-store');
    res.json({ items: items.map(toFailedJobDto), total });
  });

  router.post('/api/v1/admin/jobs/retry-failed', auth.requireAdmin, async (_req, res) => {
    res.json({ retried: await retryAllFailedJobs(deps, principalOf(res).id) });
  });

  router.post('/api/v1/admin/jobs/:id/retry', auth.requireAdmin, async (req, res) => {
    const id = commentIdSchema.safeParse(req.params.id);
    if (!id.success) throw new JobNotFailed(String(req.params.id));
    await retryFailedJob(deps, id.data, principalOf(res).id);
    res.status(202).json({ id: id.data, status: 'pending' });
  });

  router.get('/api/v1/audit', auth.requireAdmin, async (req, res) => {
    const query = parseOr400(auditQuerySchema, req.query, 'query');
    const page = await auditTrail(deps, query);
    res.set('Cache-Control', 'no-store');
    res.json(toAuditPageDto(page));
  });

  return router;
}
