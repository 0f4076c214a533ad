import type { CommentStatus } from './requests.ts';

export interface ArticleDto {
  id: string;
  title: string;
  url: string | null;
  language: string;
  commentsOpen: boolean;
  approvedCount: number;
}

export interface ThreadCommentDto {
  id: string;
  body: string;
  author: { name: string };
  parentId: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FindingDto {
  rule: string;
  action: string;
  reason: string;
  spans: { start: number; end: number; text: string }[];
  [detail: string]: unknown;
}

export interface DecisionDto {
  action: 'approve' | 'hold' | 'reject';
  decidedBy: string;
  /** Who decided, for people: "system", the moderator's name, or the configured admin. */
  decidedByName: string;
  reason: string | null;
  decidedAt: string;
  findings: FindingDto[];
}

export interface ModerationItemDto {
  id: string;
  articleId: string;
  articleTitle: string;
  parentId: string | null;
  body: string;
  author: { name: string; email: string | null };
  status: CommentStatus;
  createdAt: string;
  decision: DecisionDto | null;
}

export interface StatusCounts {
  pending: number;
  approved: number;
  rejected: number;
}
