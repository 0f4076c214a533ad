import type { ModerationQuery } from '@cm/contracts';
import type { CommentRepository, ModerationItemRecord, Page, StatusCounts } from '@cm/db';

export interface ReviewQueueDeps {
  comments: Pick<CommentRepository, 'queue' | 'counts'>;
}

/** One page of a moderation queue, with how many comments each queue holds. */
export async function reviewQueue(
  deps: ReviewQueueDeps,
  query: ModerationQuery,
): Promise<{ page: Page<ModerationItemRecord>; counts: StatusCounts }> {
  const [page, counts] = await Promise.all([
    deps.comments.queue(query),
    deps.comments.counts(query.articleId),
  ]);
  return { page, counts };
}
