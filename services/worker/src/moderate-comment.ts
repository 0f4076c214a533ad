import { commentJobSchema, type CommentJob } from '@cm/contracts';
import type { AuthorModerationFacts, AuthorRepository, CommentRepository } from '@cm/db';
import {
  moderate,
  nearDuplicateFingerprint,
  type CompiledPolicy,
  type Decision,
  type ModerationContext,
  type NearDuplicateMatch,
} from '@cm/moderation';
import {
  UnrecoverableError,
  type FingerprintEntry,
  type NearMatch,
  type ThreadCache,
} from '@cm/queue';
import type { ExternalScorerClient } from './external-scorer.ts';
import type { ActiveConfig } from './live-config.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface ModerateCommentDeps {
  comments: Pick<CommentRepository, 'authorHistory' | 'storeDecided'>;
  authors: Pick<AuthorRepository, 'moderationFacts'>;
  threadCache: Pick<ThreadCache, 'invalidate'>;
  /** The active policy and model, as one snapshot (awaited: it may still be loading at start). */
  config: () => Promise<ActiveConfig>;
  /** How much of the author's past the rules see: the last `days`, at most `entries` comments. */
  history: { days: number; entries: number };
  /** Recent fingerprints of other authors' comments; without it the near-duplicate rule is silent. */
  nearDuplicates?: NearDuplicateLookup;
  /** The policy's external scorer (HTTP, timeout, circuit breaker); absent = never asked. */
  externalScorer?: Pick<ExternalScorerClient, 'ask'>;
  now?: () => Date;
}

/** The near-duplicate index as a job uses it (see batches.ts: many jobs' calls share a round trip). */
export interface NearDuplicateLookup {
  /** Recent comments by other authors whose fingerprints are close to this comment's. */
  near(
    articleId: string,
    entry: FingerprintEntry,
    query: { since: Date; maxDistance: number },
  ): Promise<NearMatch[]>;
  /** Keeps this comment's fingerprint for the window. */
  record(
    articleId: string,
    entry: FingerprintEntry,
    window: { ms: number; now: Date },
  ): Promise<void>;
}

export interface ModerateCommentResult {
  outcome: 'stored' | 'duplicate';
  action: Decision['action'];
  /** What fired, for metrics: rule and what it asked for. */
  findings: { rule: string; action: string }[];
  /** Time the pure engine took, in seconds. */
  engineSeconds: number;
}

/**
 * The job processor's use case: validate the payload → load the author's history → decide
 * (pure engine) → store the comment with its decision, idempotently.
 */
export async function moderateComment(
  deps: ModerateCommentDeps,
  data: unknown,
): Promise<ModerateCommentResult> {
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
  // The reads are independent: side by side, so a job waits for one batch round, not three.
  const [{ history }, author, near, external] = await Promise.all([
    deps.comments.authorHistory(job.authorKey, since, deps.history.entries),
    deps.authors.moderationFacts(
      job.authorKey,
      new Date(now.getTime() - active.compiled.policy.autoPremoderation.windowDays * DAY_MS),
      now,
    ),
    lookUpNearDuplicates(deps, job, active.compiled),
    // Never throws, never waits past the policy's timeout: a silent scorer is a note, not a retry.
    deps.externalScorer?.ask(active.compiled.policy, job),
  ]);
  const authorTrust = trustOf(author);
  const engineStart = performance.now();
  const decision = moderate(
    {
      body: job.body,
      author: { name: job.author.name, ...(job.author.email && { email: job.author.email }) },
    },
    active.compiled,
    {
      now,
      history,
      approvedCount: author.approvedCount,
      recentOutcomes: author.recentOutcomes,
      ...(authorTrust !== undefined && { authorTrust }),
      ...(near && { nearDuplicates: near.matches }),
      ...(external && { external }),
    },
  );
  const engineSeconds = (performance.now() - engineStart) / 1000;
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
  await Promise.all([
    near?.record(now),
    (decision.action === 'approve' || outcome === 'duplicate') &&
      deps.threadCache.invalidate(job.articleId),
  ]);
  return {
    outcome,
    action: decision.action,
    findings: decision.findings.map(({ rule, action }) => ({ rule, action })),
    engineSeconds,
  };
}

/**
 * Coordinated posting: the comment's fingerprint, the recent comments by other authors close to
 * it (for the engine's `nearDuplicates` context), and how to keep this one's fingerprint once
 * it is decided. Null when the policy would not judge this comment (rule off, comment short).
 */
async function lookUpNearDuplicates(
  deps: ModerateCommentDeps,
  job: CommentJob,
  compiled: CompiledPolicy,
): Promise<{ matches: NearDuplicateMatch[]; record: (now: Date) => Promise<void> } | null> {
  const index = deps.nearDuplicates;
  const fingerprint = index && nearDuplicateFingerprint(job.body, compiled.policy);
  if (!index || !fingerprint) return null;
  const settings = compiled.policy.nearDuplicates;
  const windowMs = settings.windowMinutes * 60_000;
  const entry = {
    commentId: job.commentId,
    authorKey: job.authorKey,
    fingerprint,
    at: new Date(job.receivedAt).getTime(),
  };
  const matches = await index.near(job.articleId, entry, {
    since: new Date(entry.at - windowMs),
    maxDistance: settings.maxDistance,
  });
  return {
    // A redelivered job finds its own first attempt's entry: not a duplicate of itself.
    matches: matches.filter((m) => m.commentId !== job.commentId),
    record: (now) => index.record(job.articleId, entry, { ms: windowMs, now }),
  };
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
