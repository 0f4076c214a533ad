import { commentJobSchema, type CommentJob } from '@cm/contracts';
import type { CommentRepository } from '@cm/db';
import { moderate, type CompiledPolicy } from '@cm/moderation';
import { UnrecoverableError } from '@cm/queue';

const HISTORY_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface ModerateCommentDeps {
  comments: CommentRepository;
  policy: () => CompiledPolicy;
  now?: () => Date;
}

/**
 * The job processor's use case: validate the payload → load the author's history → decide
 * (pure engine) → store the comment with its decision, idempotently.
 */
export async function moderateComment(deps: ModerateCommentDeps, data: unknown): Promise<{ outcome: 'stored' | 'duplicate'; action?: string }> {
  const parsed = commentJobSchema.safeParse(data);
  // A malformed job will never become valid: fail it now, without retries.
  if (!parsed.success) throw new UnrecoverableError(`invalid comment job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const job: CommentJob = parsed.data;
  // A redelivered job (worker killed after the commit) has nothing left to do.
  if (await deps.comments.status(job.commentId)) return { outcome: 'duplicate' };
  const now = deps.now?.() ?? new Date();
  const { history, approvedCount } = await deps.comments.authorHistory(job.authorKey, new Date(now.getTime() - HISTORY_WINDOW_MS));
  const decision = moderate(
    { body: job.body, author: { name: job.author.name, ...(job.author.email && { email: job.author.email }) } },
    deps.policy(),
    { now, history, approvedCount },
  );
  const outcome = await deps.comments.storeDecided(job, decision, now);
  return { outcome, action: decision.action };
}
