import { CommentClaimed, CommentNotFound } from '@cm/contracts';
import type { CommentRepository } from '@cm/db';
import type { Claim, ClaimStore } from '@cm/queue';

export interface ClaimCommentDeps {
  comments: Pick<CommentRepository, 'status'>;
  claims: Pick<ClaimStore, 'claim'>;
}

/**
 * A moderator says "I am looking at this one": a short claim other moderators see on the queue.
 * Claiming again renews it; a claim held by someone else is refused with `CommentClaimed`.
 */
export async function claimComment(
  deps: ClaimCommentDeps,
  request: { commentId: string; moderator: { id: string; name: string }; now: Date },
): Promise<Claim> {
  const { commentId, moderator, now } = request;
  if ((await deps.comments.status(commentId)) === null)
    throw new CommentNotFound(commentId, 'stored');
  const claim = await deps.claims.claim(commentId, moderator, now);
  if (claim.claimedBy.id !== moderator.id)
    throw new CommentClaimed(commentId, claim.claimedBy, claim.expiresAt.toISOString());
  return claim;
}
