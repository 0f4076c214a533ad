// Records from the repositories → the response bodies the contract describes (contracts'
// response schemas). Display names live here, not in storage.
import type {
  ArticleDto,
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
  type DecisionRecord,
  type ModerationItemRecord,
  type ModeratorRecord,
  type Page,
  type ScorerModelSummary,
  type PolicyVersionRecord,
  type PolicyVersionSummary,
  type StatusCounts,
  type ThreadCommentRecord,
} from '@cm/db';
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

/** Who took a decision, as moderators read it. */
export function deciderName(decision: Pick<DecisionRecord, 'decidedBy' | 'moderatorName'>): string {
  if (decision.decidedBy === SYSTEM_ACTOR) return 'system';
  if (decision.decidedBy === ADMIN_ACTOR) return 'Administrator';
  return decision.moderatorName ?? 'a former moderator';
}

export const toModerationItemDto = (record: ModerationItemRecord): ModerationItemDto => ({
  id: record.id,
  articleId: record.articleId,
  articleTitle: record.articleTitle,
  parentId: record.parentId,
  body: record.body,
  author: { name: record.authorName, email: record.authorEmail },
  status: record.status,
  createdAt: record.createdAt.toISOString(),
  decision: record.decision && {
    action: record.decision.action,
    decidedBy: record.decision.decidedBy,
    decidedByName: deciderName(record.decision),
    reason: record.decision.reason,
    decidedAt: record.decision.decidedAt.toISOString(),
    // Stored by the worker from the engine's findings, which this schema describes.
    findings: record.decision.findings as FindingDto[],
  },
});

export const toModerationPageDto = (page: Page<ModerationItemRecord>, counts: StatusCounts) => ({
  items: page.items.map(toModerationItemDto),
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

// Stored JSON, read leniently: unknown keys are dropped, a wrong shape reads as null.
const qualityJson = z.object({
  n: z.number(),
  abusive: z.number(),
  clean: z.number(),
  abusiveHeld: z.number(),
  cleanHeld: z.number(),
  rocAuc: z.number(),
});
const evaluationJson = z.object({
  overall: qualityJson,
  perLanguage: z.record(z.string(), qualityJson),
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
