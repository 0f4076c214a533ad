import { commentJobSchema, type CommentJob } from '@cm/contracts';
import type { AuthorModerationFacts, AuthorRepository, CommentRepository } from '@cm/db';
import { moderate, type CompiledPolicy, type ModerationContext } from '@cm/moderation';
import { UnrecoverableError, type ThreadCache } from '@cm/queue';

const DAY_MS = 24 * 3600 * 1000;

export interface ModerateCommentDeps {
  comments: Pick<CommentRepository, 'authorHistory' | 'storeDecided'>;
  authors: Pick<AuthorRepository, 'moderationFacts'>;
  threadCache: Pick<ThreadCache, 'invalidate'>;
  policy: () => CompiledPolicy;
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
  const now = deps.now?.() ?? new Date();
  const since = new Date(now.getTime() - deps.history.days * DAY_MS);
  const policy = deps.policy();
  const [{ history }, author] = await Promise.all([
    deps.comments.authorHistory(job.authorKey, since, deps.history.entries),
    deps.authors.moderationFacts(
      job.authorKey,
      new Date(now.getTime() - policy.policy.autoPremoderation.windowDays * DAY_MS),
      now,
    ),
  ]);
  const authorTrust = trustOf(author);
  const decision = moderate(
    {
      body: job.body,
      author: { name: job.author.name, ...(job.author.email && { email: job.author.email }) },
    },
    policy,
    {
      now,
      history,
      approvedCount: author.approvedCount,
      recentOutcomes: author.recentOutcomes,
      ...(authorTrust !== undefined && { authorTrust }),
    },
  );
  // A redelivered job (the worker died after its commit) stores nothing: storeDecided is
  // idempotent. It still clears the cached thread, in case the first attempt died between its
  // commit and the invalidation.
  const outcome = await deps.comments.storeDecided(job, decision, now);
  if (decision.action === 'approve' || outcome === 'duplicate')
    await deps.threadCache.invalidate(job.articleId);
  return { outcome, action: decision.action };
}

/**
 * The author's standing as the engine's trust levels. Normal authors have none: the engine's
 * own rules (new authors' first comments) apply.
 */
function trustOf(author: AuthorModerationFacts): ModerationContext['authorTrust'] {
  switch (author.standing) {
    case 'trusted':
      return 'trusted';
    case 'banned':
      return 'banned';
    // Suspended authors are refused at the POST; a job queued just before the suspension is
    // held for a moderator rather than published.
    case 'premoderated':
    case 'suspended':
      return 'premoderated';
    default:
      return undefined;
  }
}
