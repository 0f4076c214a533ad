import { commentIdSchema, createModeratorBodySchema, moderationActionBodySchema, moderationQuerySchema } from '@cm/contracts';
import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../app.ts';
import { principalOf } from '../auth.ts';
import { notFound, optionalJsonBody, parseOr400, requireJson } from '../problem.ts';

export function moderationRoutes(deps: AppDeps, requireModerator: RequestHandler, requireAdmin: RequestHandler): Router {
  const router = Router();
  router.use('/api/v1/moderation', requireModerator, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/api/v1/moderation/comments', async (req, res) => {
    const query = parseOr400(moderationQuerySchema, req.query, 'query');
    const [page, counts] = await Promise.all([deps.comments.queue(query), deps.comments.counts(query.articleId)]);
    res.json({ ...page, counts });
  });

  for (const action of ['approve', 'reject'] as const) {
    router.post(`/api/v1/moderation/comments/:id/${action}`, async (req, res) => {
      const id = commentIdSchema.safeParse(req.params.id);
      if (!id.success) throw notFound(`There is no comment "${req.params.id}".`);
      const body = parseOr400(moderationActionBodySchema, optionalJsonBody(req), 'body');
      const principal = principalOf(res);
      const item = await deps.comments.decide(id.data, action, principal, body.reason ?? null);
      if (!item) throw notFound(`There is no stored comment "${id.data}" (it may still be in the queue).`);
      await deps.threadCache.invalidate(item.articleId).catch((error: unknown) => {
        // The decision is committed; the cached thread expires by itself within minutes.
        res.log.warn({ err: error, articleId: item.articleId }, 'could not invalidate the cached thread');
      });
      deps.metrics.moderatorDecisions.inc({ action });
      res.json(item);
    });
  }

  router.post('/api/v1/admin/moderators', requireAdmin, requireJson, async (req, res) => {
    const body = parseOr400(createModeratorBodySchema, req.body, 'body');
    const { moderator, token } = await deps.moderators.create(body.name, body.role, principalOf(res).id);
    res.set('Cache-Control', 'no-store');
    res.status(201).json({ ...moderator, token });
  });

  router.delete('/api/v1/admin/moderators/:id', requireAdmin, async (req, res) => {
    const id = commentIdSchema.safeParse(req.params.id);
    const revoked = id.success ? await deps.moderators.revoke(id.data, principalOf(res).id) : null;
    if (!revoked) throw notFound(`There is no moderator "${req.params.id}".`);
    res.status(204).end();
  });

  return router;
}
