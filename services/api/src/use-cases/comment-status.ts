import { CommentNotFound, type CommentProgress } from '@cm/contracts';
import type { CommentRepository } from '@cm/db';
import { commentJobState, type CommentQueue } from '@cm/queue';

export interface CommentStatusDeps {
  comments: Pick<CommentRepository, 'status'>;
  queue: CommentQueue;
}

/**
 * Where a comment stands: its stored status; else `pending` while its job is in the queue, or
 * `failed` once the job's tries are spent (an admin can retry it) — never "pending" in the dark.
 */
export async function commentStatus(
  deps: CommentStatusDeps,
  commentId: string,
): Promise<CommentProgress> {
  const stored = await deps.comments.status(commentId);
  if (stored) return stored;
  const job = await commentJobState(deps.queue, commentId);
  if (job === 'queued') return 'pending';
  if (job === 'failed') return 'failed';
  // The worker may have stored it between the two reads: look once more before saying 404.
  const storedSince = await deps.comments.status(commentId);
  if (storedSince) return storedSince;
  throw new CommentNotFound(commentId);
}
