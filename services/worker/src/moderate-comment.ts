import { commentJobSchema, type CommentJob } from '@cm/contracts';
import type { CommentRepository } from '@cm/db';
import { moderate } from '@cm/moderation';
import { UnrecoverableError, type ThreadCache } from '@cm/queue';
import type { ActiveConfig } from './live-config.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface ModerateCommentDeps {
  comments: Pick<CommentRepository, 'authorHistory' | 'storeDecided'>;
  threadCache: Pick<ThreadCache, 'invalidate'>;
  /** The active policy and model, as one snapshot (awaited: it may still be loading at start). */
  config: () => Promise<ActiveConfig>;
  /** How much of the author's past the rules see: the last `days`, at most `entries` comments. */
  history: { days: number; entries: number };
  now?: () => Date;
}

/**
 * The job processor's use case: validate the payload → load the author's history → decide
 * (pure engine) → store the comment with its decision, idempotently.
 */
export async function moderateComment(
  deps: ModerateCommentDeps,
  data: unknown,
): Promise<{ outcome: 'stored' | 'duplicate'; action?: string }> {
  const parsed = commentJobSchema.safeParse(data);
  // A malformed job will never become valid: fail it now, without retries.
  if (!parsed.success)
    throw new UnrecoverableError(
      `invalid comment job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const job: CommentJob = parsed.data;
  const active = await deps.config();
  const now = deps.now?.() ?? new Date();
  const since = new Date(now.getTime() - deps.history.days * DAY_MS);
  const { history, approvedCount } = await deps.comments.authorHistory(
    job.authorKey,
    since,
    deps.history.entries,
  );
  const decision = moderate(
    {
      body: job.body,
      author: { name: job.author.name, ...(job.author.email && { email: job.author.email }) },
    },
    active.compiled,
    { now, history, approvedCount },
  );
  // A redelivered job (the worker died after its commit) stores nothing: storeDecided is
  // idempotent. It still clears the cached thread, in case the first attempt died between its
  // commit and the invalidation.
  const outcome = await deps.comments.storeDecided(
    job,
    {
      action: decision.action,
      findings: decision.findings,
      policyVersion: active.policyVersion,
      // The model made (part of) the decision only when the policy let it run.
      modelVersion: decision.modelVersion === undefined ? null : active.modelVersion,
    },
    now,
  );
  if (decision.action === 'approve' || outcome === 'duplicate')
    await deps.threadCache.invalidate(job.articleId);
  return { outcome, action: decision.action };
}
