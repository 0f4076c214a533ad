import type { Database } from './client.ts';
import { recordEvent } from './event-log.ts';
import { Prisma } from './generated/prisma/client.ts';

export type ReportReason = 'abuse' | 'spam' | 'off-topic' | 'other';
type DbReason = 'ABUSE' | 'SPAM' | 'OFF_TOPIC' | 'OTHER';

const REASON_TO_DB: Record<ReportReason, DbReason> = {
  abuse: 'ABUSE',
  spam: 'SPAM',
  'off-topic': 'OFF_TOPIC',
  other: 'OTHER',
};
const REASON_FROM_DB: Record<DbReason, ReportReason> = {
  ABUSE: 'abuse',
  SPAM: 'spam',
  OFF_TOPIC: 'off-topic',
  OTHER: 'other',
};

/** The reports on a comment that wait for a moderator. */
export interface ReportSummary {
  /** Readers who reported it. */
  count: number;
  /**
   * The weighted count the policy's thresholds are compared with: each reader counts
   * 2·(upheld+1)/(upheld+dismissed+2) — 1 for a newcomer, towards 2 for readers whose reports
   * moderators upheld, towards 0 for readers whose reports they dismissed.
   */
  weight: number;
  reasons: Partial<Record<ReportReason, number>>;
}

/** The actor id of a reader in the audit trail: a prefix of the reader key (itself a keyed hash). */
export const readerActor = (readerKey: string): string => `reader:${readerKey.slice(0, 16)}`;

type Queryable = Pick<Database, '$queryRaw'>;

/**
 * Summaries of the undecided reports on these comments, with each reader's weight from the
 * outcomes of their earlier reports. One query.
 */
export async function openReportSummaries(
  db: Queryable,
  commentIds: readonly string[],
): Promise<Map<string, ReportSummary>> {
  const summaries = new Map<string, ReportSummary>();
  if (commentIds.length === 0) return summaries;
  const ids = Prisma.join(commentIds.map((id) => Prisma.sql`${id}::uuid`));
  const rows = await db.$queryRaw<{ commentId: string; reason: DbReason; weight: number }[]>`
    WITH open AS (
      SELECT comment_id, reader_key, reason FROM reports
      WHERE comment_id IN (${ids}) AND outcome IS NULL
    ), accuracy AS (
      SELECT reader_key,
             2.0 * (count(*) FILTER (WHERE outcome = 'UPHELD') + 1)
                 / (count(*) FILTER (WHERE outcome IS NOT NULL) + 2) AS weight
      FROM reports WHERE reader_key IN (SELECT reader_key FROM open)
      GROUP BY reader_key
    )
    SELECT open.comment_id::text AS "commentId", open.reason::text AS reason,
           accuracy.weight::float8 AS weight
    FROM open JOIN accuracy USING (reader_key)`;
  for (const row of rows) {
    const summary = summaries.get(row.commentId) ?? { count: 0, weight: 0, reasons: {} };
    const reason = REASON_FROM_DB[row.reason];
    summary.count += 1;
    summary.weight = Math.round((summary.weight + row.weight) * 1000) / 1000;
    summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
    summaries.set(row.commentId, summary);
  }
  return summaries;
}

/** The comment as the reports review sees it. */
export interface ReportedComment {
  id: string;
  articleId: string;
  body: string;
  authorName: string;
  authorEmail: string | null;
  status: 'pending' | 'approved' | 'rejected';
  /** True while it is in the reported queue. */
  reported: boolean;
}

/** What the policy makes of the reports: nothing, the reported queue, or hidden until decided. */
export interface ReportsVerdict {
  action: 'none' | 'flag' | 'hide';
  /** The engine's findings behind it (stored with the hold decision when hiding). */
  findings: readonly { rule: string }[];
  policyVersion: number;
}

export type ReviewOutcome =
  | { kind: 'not-found' }
  | { kind: 'unchanged'; summary: ReportSummary | null }
  | { kind: 'flagged' | 'hidden'; articleId: string; summary: ReportSummary };

export class ReportRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores a reader's report and its `comment.reported` event in one statement. A second report
   * by the same reader on the same comment changes nothing (`duplicate`).
   */
  async add(report: {
    commentId: string;
    readerKey: string;
    reason: ReportReason;
    note: string | null;
    now: Date;
  }): Promise<'created' | 'duplicate' | 'not-found'> {
    const { commentId, readerKey, reason, note, now } = report;
    const data = JSON.stringify({ reason, note });
    const [row] = await this.db.$queryRaw<{ found: bigint; inserted: bigint }[]>`
      WITH target AS (
        SELECT id FROM comments WHERE id = ${commentId}::uuid
      ), report AS (
        INSERT INTO reports (id, comment_id, reader_key, reason, note, created_at)
        SELECT gen_random_uuid(), id, ${readerKey}, ${REASON_TO_DB[reason]}::report_reason, ${note}, ${now}
        FROM target
        ON CONFLICT (comment_id, reader_key) DO NOTHING
        RETURNING comment_id
      ), event AS (
        INSERT INTO moderation_events (type, actor, target_type, target_id, data, created_at)
        SELECT 'comment.reported', ${readerActor(readerKey)}, 'comment', comment_id::text, ${data}::jsonb, ${now}
        FROM report
      )
      SELECT (SELECT count(*) FROM target) AS found, (SELECT count(*) FROM report) AS inserted`;
    if (!row || Number(row.found) === 0) return 'not-found';
    return Number(row.inserted) === 1 ? 'created' : 'duplicate';
  }

  /**
   * Re-reads a comment's undecided reports and applies what the policy makes of their weighted
   * count, in one transaction holding the comment's row (so it cannot interleave with a
   * moderator's decision): `flag` puts a shown comment in the reported queue (`comment.flagged`);
   * `hide` takes it out of the thread until a moderator decides (status pending, a system hold
   * decision with the findings, `comment.hidden`). Running it again changes nothing more.
   */
  async review(
    commentId: string,
    judge: (comment: ReportedComment, summary: ReportSummary) => ReportsVerdict,
    now: Date,
  ): Promise<ReviewOutcome> {
    return this.db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<
        {
          id: string;
          articleId: string;
          body: string;
          authorName: string;
          authorEmail: string | null;
          status: 'PENDING' | 'APPROVED' | 'REJECTED';
          reportedAt: Date | null;
        }[]
      >`
        SELECT id::text, article_id AS "articleId", body, author_name AS "authorName",
               author_email AS "authorEmail", status::text AS status, reported_at AS "reportedAt"
        FROM comments WHERE id = ${commentId}::uuid FOR UPDATE`;
      if (!row) return { kind: 'not-found' };
      const summary = (await openReportSummaries(tx, [commentId])).get(commentId) ?? null;
      // Only a comment readers can see (or one hidden by reports) is reviewed again; a held or
      // rejected one already waits for, or had, a moderator.
      if (!summary || row.status === 'REJECTED' || (row.status === 'PENDING' && !row.reportedAt))
        return { kind: 'unchanged', summary };
      const comment: ReportedComment = {
        id: row.id,
        articleId: row.articleId,
        body: row.body,
        authorName: row.authorName,
        authorEmail: row.authorEmail,
        status: row.status === 'APPROVED' ? 'approved' : 'pending',
        reported: row.reportedAt !== null,
      };
      const verdict = judge(comment, summary);
      const data = {
        articleId: row.articleId,
        reports: summary.count,
        weight: summary.weight,
        reasons: summary.reasons,
        rules: verdict.findings.map((f) => f.rule),
        policyVersion: verdict.policyVersion,
      };
      if (verdict.action === 'hide' && row.status === 'APPROVED') {
        await tx.comment.update({
          where: { id: commentId },
          data: { status: 'PENDING', decidedAt: now, reportedAt: row.reportedAt ?? now },
        });
        await tx.decision.create({
          data: {
            commentId,
            action: 'HOLD',
            decidedBy: 'system',
            findings: verdict.findings,
            policyVersion: verdict.policyVersion,
            createdAt: now,
          },
        });
        await recordEvent(tx, {
          type: 'comment.hidden',
          actor: 'system',
          targetType: 'comment',
          targetId: commentId,
          data,
          createdAt: now,
        });
        return { kind: 'hidden', articleId: row.articleId, summary };
      }
      if (verdict.action !== 'none' && !row.reportedAt) {
        await tx.comment.update({ where: { id: commentId }, data: { reportedAt: now } });
        await recordEvent(tx, {
          type: 'comment.flagged',
          actor: 'system',
          targetType: 'comment',
          targetId: commentId,
          data,
          createdAt: now,
        });
        return { kind: 'flagged', articleId: row.articleId, summary };
      }
      return { kind: 'unchanged', summary };
    });
  }
}
