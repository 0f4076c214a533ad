import { CommentNotFound } from '@cm/contracts';
import type { CommentRepository, ModerationItemRecord } from '@cm/db';
import type { ThreadCache } from '@cm/queue';

export interface DecideCommentDeps {
  comments: Pick<CommentRepository, 'decide'>;
  threadCache: Pick<ThreadCache, 'invalidate'>;
  logger: { warn(details: object, message: string): void };
}

export interface DecideCommentRequest {
  commentId: string;
  action: 'approve' | 'reject';
  moderator: { id: string; name: string };
  reason: string | null;
  now: Date;
}

/**
 * A moderator approves or rejects a stored comment: the decision and its audit record are
 * committed together, then the article's cached thread is dropped so an approval shows at once.
 */
export async function decideComment(
  deps: DecideCommentDeps,
  request: DecideCommentRequest,
): Promise<ModerationItemRecord> {
  const { commentId, action, moderator, reason, now } = request;
  const item = await deps.comments.decide(commentId, action, moderator, reason, now);
  if (!item) throw new CommentNotFound(commentId, 'stored');
  await deps.threadCache.invalidate(item.articleId).catch((error: unknown) => {
    // The decision is committed; the cached thread expires by itself within minutes.
    deps.logger.warn(
      { err: error, articleId: item.articleId },
      'could not invalidate the cached thread',
    );
  });
  return item;
}
