import type { ModerationQuery } from '@cm/contracts';
import type { CommentRepository, ModerationItemRecord, Page, StatusCounts } from '@cm/db';
import type { Claim, ClaimStore } from '@cm/queue';

export interface ReviewQueueDeps {
  comments: Pick<CommentRepository, 'queue' | 'counts'>;
  claims: Pick<ClaimStore, 'claimsOf'>;
}

/** One page of a moderation queue, with how many comments each queue holds and who is on which. */
export async function reviewQueue(
  deps: ReviewQueueDeps,
  query: ModerationQuery,
): Promise<{ page: Page<ModerationItemRecord>; counts: StatusCounts; claims: Map<string, Claim> }> {
  const [page, counts] = await Promise.all([
    deps.comments.queue(query),
    deps.comments.counts(query.articleId),
  ]);
  const claims = await deps.claims.claimsOf(page.items.map((item) => item.id));
  return { page, counts, claims };
}
