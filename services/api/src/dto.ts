// Records from the repositories → the response bodies the contract describes (contracts'
// response schemas). Display names live here, not in storage.
import type {
  ArticleDto,
  FindingDto,
  ModerationItemDto,
  StatusCounts as StatusCountsDto,
  ThreadCommentDto,
} from '@cm/contracts';
import {
  ADMIN_ACTOR,
  SYSTEM_ACTOR,
  type ArticleRecord,
  type DecisionRecord,
  type ModerationItemRecord,
  type ModeratorRecord,
  type Page,
  type StatusCounts,
  type ThreadCommentRecord,
} from '@cm/db';
import type { Claim } from '@cm/queue';

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
  claimedBy: claim?.claimedBy ?? null,
});

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
