import { CommentNotFound, type CommentStatus } from '@cm/contracts';
import type { CommentRepository } from '@cm/db';
import { isCommentQueued, type CommentQueue } from '@cm/queue';

export interface CommentStatusDeps {
  comments: Pick<CommentRepository, 'status'>;
  queue: CommentQueue;
}

/** Where a comment stands: its stored status, or pending while its job is still in the queue. */
export async function commentStatus(
  deps: CommentStatusDeps,
  commentId: string,
): Promise<CommentStatus> {
  const stored = await deps.comments.status(commentId);
  if (stored) return stored;
  if (await isCommentQueued(deps.queue, commentId)) return 'pending';
  // The worker may have stored it (and completed its job) between the two reads above.
  const storedSince = await deps.comments.status(commentId);
  if (storedSince) return storedSince;
  throw new CommentNotFound(commentId);
}
