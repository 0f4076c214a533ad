// Records from the repositories → the response bodies the contract describes (contracts'
// response schemas). Display names live here, not in storage.
import type { FailedCommentJob } from '@cm/queue';
import type {
  ArticleDto,
  FailedJobDto,
  AuthorDto,
  AuditPageDto,
  FindingDto,
  ModerationItemDto,
  ScorerModelDto,
  PolicyVersionDto,
  PolicyVersionSummaryDto,
  StatusCounts as StatusCountsDto,
  ThreadCommentDto,
  TrainingRunDto,
} from '@cm/contracts';
import {
  ADMIN_ACTOR,
  SYSTEM_ACTOR,
  type ArticleRecord,
  type AuthorNoteRecord,
  type AuthorProfileRecord,
  type DecisionRecord,
  type EventRecord,
  type ModerationItemRecord,
  type ModeratorRecord,
  type Page,
  type ScorerModelSummary,
  type PolicyVersionRecord,
  type PolicyVersionSummary,
  type StatusCounts,
  type ThreadCommentRecord,
} from '@cm/db';
import { isReasonCode, qualityRowSchema, renderReason } from '@cm/moderation';
import type { Claim } from '@cm/queue';
import type { TrainingRun } from '@cm/queue';
import { z } from 'zod';

/** The public view of an article (no body). */
export const toArticleDto = ({
  id,
  title,
  url,
  language,
  commentsOpen,
  approvedCount,
}: ArticleRecord): ArticleDto => ({
  id,
  title,
  url,
  language,
  commentsOpen,
  approvedCount,
});

export const toThreadCommentDto = (record: ThreadCommentRecord): ThreadCommentDto => ({
  id: record.id,
  body: record.body,
  author: { name: record.authorName },
  parentId: record.parentId,
  createdAt: record.createdAt.toISOString(),
});

export const toThreadPageDto = (
  page: Page<ThreadCommentRecord>,
): { items: ThreadCommentDto[]; nextCursor: string | null } => ({
  items: page.items.map(toThreadCommentDto),
  nextCursor: page.nextCursor,
});

/**
 * An actor of the audit trail as people read it: "system", "Administrator", a moderator's name,
 * "a former moderator" for a moderator id no longer known, "a reader" for reader reports, and
 * any other named actor ("seed") as it is.
 */
export function actorName(actor: string, moderatorNames: ReadonlyMap<string, string>): string {
  if (actor === SYSTEM_ACTOR) return 'system';
  if (actor === ADMIN_ACTOR) return 'Administrator';
  const name = moderatorNames.get(actor);
  if (name !== undefined) return name;
  if (actor.startsWith('reader:')) return 'a reader';
  return UUID.test(actor) ? 'a former moderator' : actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const toAuditPageDto = (page: {
  items: EventRecord[];
  nextCursor: string | null;
  names: ReadonlyMap<string, string>;
}): AuditPageDto => ({
  items: page.items.map((event) => ({
    id: event.id,
    type: event.type,
    actor: { id: event.actor, name: actorName(event.actor, page.names) },
    targetType: event.targetType,
    targetId: event.targetId,
    data: event.data,
    createdAt: event.createdAt.toISOString(),
  })),
  nextCursor: page.nextCursor,
});

/** Who took a decision, as moderators read it. */
export function deciderName(decision: Pick<DecisionRecord, 'decidedBy' | 'moderatorName'>): string {
  if (decision.decidedBy === SYSTEM_ACTOR) return 'system';
  if (decision.decidedBy === ADMIN_ACTOR) return 'Administrator';
  return decision.moderatorName ?? 'a former moderator';
}

/** A moderator as other moderators see them on a claim. */
export const toClaimDto = (claim: Claim) => ({
  claimedBy: claim.claimedBy,
  expiresAt: claim.expiresAt.toISOString(),
});

export const toModerationItemDto = (
  record: ModerationItemRecord,
  claim: Claim | null = null,
): ModerationItemDto => ({
  id: record.id,
  articleId: record.articleId,
  articleTitle: record.articleTitle,
  parentId: record.parentId,
  body: record.body,
  author: {
    name: record.authorName,
    email: record.authorEmail,
    key: record.authorKey,
    standing: record.authorStanding,
  },
  status: record.status,
  createdAt: record.createdAt.toISOString(),
  decision: record.decision && {
    action: record.decision.action,
    decidedBy: record.decision.decidedBy,
    decidedByName: deciderName(record.decision),
    reason: record.decision.reason,
    decidedAt: record.decision.decidedAt.toISOString(),
    findings: record.decision.findings.map(toFindingDto),
  },
  reported: record.reported,
  reports: record.reports,
  claimedBy: claim?.claimedBy ?? null,
});

/**
 * Codes for findings stored before findings had one, from their rule (and check, trust or
 * action). Where the old finding does not tell (a length rejection: too long or empty?), the
 * code is the rule's name.
 */
const LEGACY_CODES: Record<string, string> = {
  'banned-words': 'banned-word',
  'suspect-words': 'suspect-word',
  'links:denied-domain': 'link-denied-domain',
  'links:not-allowed-domain': 'link-not-allowed-domain',
  'links:too-many': 'too-many-links',
  'links:new-author': 'link-new-author',
  'flood:repeated-character': 'repeated-character',
  'flood:repeated-word': 'repeated-word',
  'author-trust:banned': 'author-banned',
  'author-trust:trusted': 'author-trusted',
  'author-trust:new': 'author-new',
  repeat: 'repeat-post',
  'reports:hold': 'reports-threshold',
  'reports:reject': 'reports-reject-threshold',
  'length:hold': 'too-many-lines',
  shouting: 'shouting',
  obfuscation: 'obfuscation',
  classifier: 'classifier-score',
};

function legacyCode(finding: StoredFinding): string {
  const rule = String(finding.rule);
  const detail = [finding.check, finding.trust, finding.action].find((d) => typeof d === 'string');
  return (detail && LEGACY_CODES[`${rule}:${detail}`]) ?? LEGACY_CODES[rule] ?? rule;
}

/** A finding as the worker stored it: the engine's `Finding`, maybe from before codes. */
interface StoredFinding {
  rule: string;
  action: FindingDto['action'];
  reason: string;
  spans: FindingDto['spans'];
  code?: unknown;
  params?: unknown;
  [detail: string]: unknown;
}

/**
 * A finding as the worker stored it (the engine's `Finding`) → its DTO, with the reason in
 * Arabic and English from the engine's catalogue. Findings stored before findings had a code
 * get one derived from their rule, no params, and their stored English reason in both languages.
 */
export function toFindingDto(stored: unknown): FindingDto {
  const finding = stored as StoredFinding;
  if (isReasonCode(finding.code) && finding.params && typeof finding.params === 'object') {
    return {
      ...finding,
      code: finding.code,
      params: finding.params as FindingDto['params'],
      messages: { ar: renderReason(finding, 'ar'), en: renderReason(finding, 'en') },
    };
  }
  const code = typeof finding.code === 'string' ? finding.code : legacyCode(finding);
  return {
    ...finding,
    code,
    params: {},
    messages: { ar: finding.reason, en: finding.reason },
  };
}

export const toModerationPageDto = (
  page: Page<ModerationItemRecord>,
  counts: StatusCounts,
  claims: ReadonlyMap<string, Claim> = new Map(),
) => ({
  items: page.items.map((item) => toModerationItemDto(item, claims.get(item.id) ?? null)),
  nextCursor: page.nextCursor,
  counts: counts satisfies StatusCountsDto,
});

export const toModeratorDto = (record: ModeratorRecord) => ({
  id: record.id,
  name: record.name,
  role: record.role,
  createdAt: record.createdAt.toISOString(),
  revokedAt: record.revokedAt?.toISOString() ?? null,
});

export const toFailedJobDto = (job: FailedCommentJob): FailedJobDto => ({
  commentId: job.commentId,
  articleId: job.articleId,
  error: job.error,
  attemptsMade: job.attemptsMade,
  acceptedAt: job.acceptedAt.toISOString(),
  failedAt: job.failedAt?.toISOString() ?? null,
});

export const toPolicyVersionSummaryDto = (
  record: PolicyVersionSummary,
): PolicyVersionSummaryDto => ({
  version: record.version,
  note: record.note,
  createdBy: record.createdBy,
  createdAt: record.createdAt.toISOString(),
  activatedAt: record.activatedAt?.toISOString() ?? null,
  active: record.active,
});

export const toPolicyVersionDto = (record: PolicyVersionRecord): PolicyVersionDto => ({
  ...toPolicyVersionSummaryDto(record),
  // Stored by the repository from a validated policy: an object.
  policy: record.policy as Record<string, unknown>,
});

export const toAuthorNoteDto = (note: AuthorNoteRecord) => ({
  id: note.id,
  body: note.body,
  moderator: note.moderator,
  createdAt: note.createdAt.toISOString(),
});

export const toAuthorDto = (author: AuthorProfileRecord): AuthorDto => ({
  key: author.key,
  displayName: author.displayName,
  standing: author.standing,
  suspendedUntil: author.suspendedUntil?.toISOString() ?? null,
  counts: author.counts,
  createdAt: author.createdAt.toISOString(),
  lastSeenAt: author.lastSeenAt.toISOString(),
  comments: author.comments.map((c) => ({
    id: c.id,
    articleId: c.articleId,
    body: c.body,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
  })),
  notes: author.notes.map(toAuthorNoteDto),
});

// Stored JSON, read leniently: unknown keys are dropped, a wrong shape reads as null.
const evaluationJson = z.object({
  overall: qualityRowSchema,
  perLanguage: z.record(z.string(), qualityRowSchema),
});
const storedEvaluationJson = evaluationJson.extend({
  comparison: z
    .object({
      activeVersion: z.int(),
      active: evaluationJson.nullable(),
      activated: z.boolean(),
      reasons: z.array(z.string()),
    })
    .optional(),
});

/**
 * A stored scorer model version. Its evaluation and provenance are JSON written by the training
 * job (or by whoever stored the version); what does not have the documented shape shows as null.
 */
export function toScorerModelDto(record: ScorerModelSummary): ScorerModelDto {
  const parsed = storedEvaluationJson.safeParse(record.evaluation);
  const trainedOn =
    record.trainedOn && typeof record.trainedOn === 'object' && !Array.isArray(record.trainedOn)
      ? (record.trainedOn as Record<string, unknown>)
      : null;
  const evaluation = parsed.success ? parsed.data : null;
  return {
    version: record.version,
    modelVersion: typeof trainedOn?.modelVersion === 'string' ? trainedOn.modelVersion : null,
    active: record.active,
    activatedAt: record.activatedAt?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    note: record.note,
    evaluation: evaluation && { overall: evaluation.overall, perLanguage: evaluation.perLanguage },
    comparison: evaluation?.comparison ?? null,
    trainedOn,
  };
}

export const toTrainingRunDto = (run: TrainingRun): TrainingRunDto => ({
  id: run.id,
  state: run.state,
  trigger: run.trigger,
  requestedBy: run.requestedBy,
  requestedAt: run.requestedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  outcome: run.outcome
    ? {
        version: run.outcome.version,
        skipped: run.outcome.skipped,
        modelVersion: run.outcome.modelVersion,
        activated: run.outcome.activated,
        reasons: run.outcome.reasons,
        trainingMs: run.outcome.trainingMs,
      }
    : null,
  error: run.error,
});
