import {
  CommentNotFound,
  commentIdSchema,
  moderationActionBodySchema,
  moderationQuerySchema,
} from '@cm/contracts';
import { isStreamId } from '@cm/queue';
import { Router } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { toClaimDto, toModerationItemDto, toModerationPageDto } from '../dto.ts';
import { principalOf, type Auth } from '../http/auth.ts';
import { HttpProblem, optionalJsonBody, parseOr400 } from '../http/problem.ts';
import { claimComment } from '../use-cases/claim-comment.ts';
import { decideComment } from '../use-cases/decide-comment.ts';
import { reviewQueue } from '../use-cases/review-queue.ts';

/** The moderators' queues and decisions. */
export function moderationRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();
  router.use('/api/v1/moderation', auth.requireModerator, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/api/v1/moderation/comments', async (req, res) => {
    const query = parseOr400(moderationQuerySchema, req.query, 'query');
    const { page, counts, claims } = await reviewQueue(deps, query);
    res.json(toModerationPageDto(page, counts, claims));
  });

  for (const action of ['approve', 'reject'] as const) {
    router.post(`/api/v1/moderation/comments/:id/${action}`, async (req, res) => {
      const id = commentIdSchema.safeParse(req.params.id);
      if (!id.success) throw new CommentNotFound(String(req.params.id));
      const body = parseOr400(moderationActionBodySchema, optionalJsonBody(req), 'body');
      const item = await decideComment(
        { ...deps, logger: req.log },
        {
          commentId: id.data,
          action,
          moderator: principalOf(res),
          reason: body.reason ?? null,
          ...(body.expectedStatus && { expectedStatus: body.expectedStatus }),
          now: new Date(),
        },
      );
      deps.metrics.moderatorDecisions.inc({ action });
      res.json(toModerationItemDto(item));
    });
  }

  router.post('/api/v1/moderation/comments/:id/claim', async (req, res) => {
    const id = commentIdSchema.safeParse(req.params.id);
    if (!id.success) throw new CommentNotFound(String(req.params.id));
    const claim = await claimComment(deps, {
      commentId: id.data,
      moderator: principalOf(res),
      now: new Date(),
    });
    res.json(toClaimDto(claim));
    // Ephemeral: only the consoles hear of it ("taken by …"), nothing is written to Postgres.
    void deps.live.announce({
      type: 'comment.claimed',
      actor: claim.claimedBy.id,
      targetType: 'comment',
      targetId: id.data,
      data: { claimedBy: claim.claimedBy, expiresAt: claim.expiresAt.toISOString() },
      createdAt: new Date().toISOString(),
    });
  });

  // The live queue: server-sent events (see http/live-events.ts). Moderator management is the
  // admins' business; everything else about comments, policies and models any moderator may see.
  router.get('/api/v1/moderation/events', async (req, res) => {
    const header = req.get('last-event-id')?.trim();
    if (header && !isStreamId(header))
      throw new HttpProblem(
        400,
        'invalid-last-event-id',
        'Invalid Last-Event-ID',
        'Last-Event-ID must be an id this stream sent (such as 1733140000000-0), or absent.',
      );
    const { id, role } = principalOf(res);
    await deps.live.serve(req, res, {
      ...(header && { after: header }),
      moderatorId: id,
      visible: (event) => role === 'admin' || !event.type.startsWith('moderator.'),
    });
  });

  return router;
}
