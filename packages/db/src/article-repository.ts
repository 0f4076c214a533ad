import type { PutArticleBody } from '@cm/contracts';
import type { Database } from './client.ts';
import { effectiveStanding, type Standing } from './author-repository.ts';
import { recordEvent } from './event-log.ts';

/** An article as stored, with the number of approved comments. */
export interface ArticleRecord {
  id: string;
  title: string;
  url: string | null;
  /** BCP 47 tag. */
  language: string;
  commentsOpen: boolean;
  /** Article text, paragraphs separated by blank lines. */
  body: string | null;
  approvedCount: number;
}

export class ArticleRepository {
  constructor(private readonly db: Database) {}

  async get(id: string): Promise<ArticleRecord | null> {
    const row = await this.db.article.findUnique({ where: { id } });
    if (!row) return null;
    const approvedCount = await this.db.comment.count({
      where: { articleId: id, status: 'APPROVED' },
    });
    return toRecord(row, approvedCount);
  }

  /** Just what the comment path needs: does the article exist, and is it open? (No count.) */
  async commentsOpen(id: string): Promise<boolean | null> {
    const row = await this.db.article.findUnique({ where: { id }, select: { commentsOpen: true } });
    return row ? row.commentsOpen : null;
  }

  /**
   * The POST path's one read: does the article exist, is it open, and may this author post
   * (their standing)? One round trip, the same as `commentsOpen`: the standing rides on the
   * article lookup (primary-key reads of both rows), so checking it costs no extra query and is
   * never stale, whichever API replica answers.
   */
  async postingGate(
    id: string,
    authorKey: string,
    now: Date,
  ): Promise<{ open: boolean; author: Standing } | null> {
    const rows = await this.db.$queryRaw<
      {
        open: boolean;
        standing: 'NORMAL' | 'TRUSTED' | 'PREMODERATED' | 'SUSPENDED' | 'BANNED' | null;
        suspendedUntil: Date | null;
      }[]
    >`
      SELECT ar.comments_open AS open, au.standing::text AS standing,
             au.suspended_until AS "suspendedUntil"
      FROM articles ar LEFT JOIN authors au ON au.author_key = ${authorKey}
      WHERE ar.id = ${id}`;
    const row = rows[0];
    if (!row) return null;
    return {
      open: row.open,
      author: effectiveStanding(
        row.standing ? { standing: row.standing, suspendedUntil: row.suspendedUntil } : null,
        now,
      ),
    };
  }

  async list(): Promise<ArticleRecord[]> {
    const rows = await this.db.article.findMany({ orderBy: { createdAt: 'desc' }, take: 500 });
    const counts = await this.db.comment.groupBy({
      by: ['articleId'],
      where: { status: 'APPROVED', articleId: { in: rows.map((r) => r.id) } },
      _count: { _all: true },
    });
    const byId = new Map(counts.map((c) => [c.articleId, c._count._all]));
    return rows.map((row) => toRecord(row, byId.get(row.id) ?? 0));
  }

  /** Creates or updates; omitted optional fields keep their current value (or the default). */
  async put(
    id: string,
    input: PutArticleBody,
    actor: string,
  ): Promise<{ article: ArticleRecord; created: boolean }> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.article.findUnique({ where: { id }, select: { id: true } });
      const data = {
        title: input.title,
        ...(input.url !== undefined && { url: input.url }),
        ...(input.language !== undefined && { language: input.language }),
        ...(input.commentsOpen !== undefined && { commentsOpen: input.commentsOpen }),
        ...(input.body !== undefined && { body: input.body }),
      };
      const row = await tx.article.upsert({ where: { id }, create: { id, ...data }, update: data });
      await recordEvent(tx, {
        type: existing ? 'article.updated' : 'article.created',
        actor,
        targetType: 'article',
        targetId: id,
        data: input,
      });
      const approvedCount = await tx.comment.count({
        where: { articleId: id, status: 'APPROVED' },
      });
      return { article: toRecord(row, approvedCount), created: !existing };
    });
  }
}

function toRecord(
  row: {
    id: string;
    title: string;
    url: string | null;
    language: string;
    commentsOpen: boolean;
    body: string | null;
  },
  approvedCount: number,
): ArticleRecord {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    language: row.language,
    commentsOpen: row.commentsOpen,
    approvedCount,
    body: row.body,
  };
}
