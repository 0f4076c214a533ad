// Records from the repositories → the response bodies the contract describes (contracts'
// response schemas). Display names live here, not in storage.
import type {
  ArticleDto,
  AuthorDto,
  FindingDto,
  ModerationItemDto,
  StatusCounts as StatusCountsDto,
  ThreadCommentDto,
} from '@cm/contracts';
import {
  ADMIN_ACTOR,
  SYSTEM_ACTOR,
  type ArticleRecord,
  type AuthorNoteRecord,
  type AuthorProfileRecord,
  type DecisionRecord,
  type ModerationItemRecord,
  type ModeratorRecord,
  type Page,
  type StatusCounts,
  type ThreadCommentRecord,
} from '@cm/db';

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
