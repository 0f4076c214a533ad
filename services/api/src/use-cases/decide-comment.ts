import { CommentNotFound, DecisionConflict, type CommentStatus } from '@cm/contracts';
import type { CommentRepository, ModerationItemRecord } from '@cm/db';
import type { ClaimStore, ThreadCache } from '@cm/queue';
import { deciderName } from '../dto.ts';

export interface DecideCommentDeps {
  comments: Pick<CommentRepository, 'decide'>;
  threadCache: Pick<ThreadCache, 'invalidate'>;
  claims: Pick<ClaimStore, 'release'>;
  logger: { warn(details: object, message: string): void };
}

export interface DecideCommentRequest {
  commentId: string;
  action: 'approve' | 'reject';
  moderator: { id: string; name: string };
  reason: string | null;
  /** The status the moderator saw; a different one now means someone decided first (409). */
  expectedStatus?: CommentStatus;
  now: Date;
}

/**
 * A moderator approves or rejects a stored comment: the decision and its audit record are
 * committed together, then the article's cached thread is dropped so an approval shows at once,
 * and the comment's claim is released. When another moderator decided first, nothing is written
 * and `DecisionConflict` names who did what and when.
 */
export async function decideComment(
  deps: DecideCommentDeps,
  request: DecideCommentRequest,
): Promise<ModerationItemRecord> {
  const { commentId, action, moderator, reason, now, expectedStatus } = request;
  const outcome = await deps.comments.decide(
    commentId,
    action,
    moderator,
    reason,
    now,
    expectedStatus,
  );
  if (outcome.kind === 'not-found') throw new CommentNotFound(commentId, 'stored');
  if (outcome.kind === 'conflict') {
    const winner = outcome.item.decision;
    throw new DecisionConflict(
      commentId,
      outcome.status,
      winner ? { id: winner.decidedBy, name: deciderName(winner) } : { id: '', name: '' },
      winner?.action ?? 'hold',
      (winner?.decidedAt ?? now).toISOString(),
    );
  }
  const { item } = outcome;
  await Promise.all([
    deps.threadCache.invalidate(item.articleId).catch((error: unknown) => {
      // The decision is committed; the cached thread expires by itself within minutes.
      deps.logger.warn(
        { err: error, articleId: item.articleId },
        'could not invalidate the cached thread',
      );
    }),
    deps.claims.release(commentId).catch((error: unknown) => {
      // The claim expires by itself within a minute.
      deps.logger.warn({ err: error, commentId }, 'could not release the claim');
    }),
  ]);
  return item;
}
