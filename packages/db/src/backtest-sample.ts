import type { CommentStatus } from '@cm/contracts';
import type { Database } from './client.ts';
import { Prisma } from './generated/prisma/client.ts';
import { SYSTEM_ACTOR } from './comment-repository.ts';

/** A stored comment as a backtest replays it, with the moderators' final verdict if any. */
export interface BacktestComment {
  id: string;
  articleId: string;
  body: string;
  authorName: string;
  authorEmail: string | null;
  authorKey: string;
  createdAt: Date;
  status: CommentStatus;
  /** The latest decision a person took on it, or null when only the system decided. */
  humanVerdict: 'approve' | 'reject' | null;
}

const STATUS: Record<string, CommentStatus> = {
  PENDING: 'pending',
  APPROVED: 'approved',
  REJECTED: 'rejected',
};

/** Reads the comments a backtest replays; read-only. */
export class BacktestSamples {
  constructor(private readonly db: Database) {}

  /** The newest `limit` stored comments matching the filters, returned oldest first. */
  async load(query: {
    limit: number;
    articleId?: string;
    since?: Date;
    until?: Date;
  }): Promise<BacktestComment[]> {
    const where = [
      query.articleId !== undefined ? Prisma.sql`c.article_id = ${query.articleId}` : null,
      query.since !== undefined ? Prisma.sql`c.created_at >= ${query.since}` : null,
      query.until !== undefined ? Prisma.sql`c.created_at < ${query.until}` : null,
    ].filter((part): part is Prisma.Sql => part !== null);
    const rows = await this.db.$queryRaw<
      {
        id: string;
        articleId: string;
        body: string;
        authorName: string;
        authorEmail: string | null;
        authorKey: string;
        createdAt: Date;
        status: string;
        human: 'APPROVE' | 'HOLD' | 'REJECT' | null;
      }[]
    >`
      SELECT c.id::text AS id, c.article_id AS "articleId", c.body, c.author_name AS "authorName",
             c.author_email AS "authorEmail", c.author_key AS "authorKey",
             c.created_at AS "createdAt", c.status::text AS status,
             (SELECT d.action::text FROM decisions d
               WHERE d.comment_id = c.id AND d.decided_by <> ${SYSTEM_ACTOR}
               ORDER BY d.created_at DESC LIMIT 1) AS human
      FROM comments c
      ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT ${query.limit}`;
    return rows.reverse().map((row) => ({
      id: row.id,
      articleId: row.articleId,
      body: row.body,
      authorName: row.authorName,
      authorEmail: row.authorEmail,
      authorKey: row.authorKey,
      createdAt: row.createdAt,
      status: STATUS[row.status] ?? 'pending',
      humanVerdict: row.human === 'REJECT' ? 'reject' : row.human === 'APPROVE' ? 'approve' : null,
    }));
  }
}
