import type { AuthorStanding, CommentJob, CommentStatus, ThreadQuery } from '@cm/contracts';
import { effectiveStanding } from './author-repository.ts';
import type { Database } from './client.ts';
import { afterCursor, decodeCursor, encodeCursor } from './cursor.ts';
import { recordEvent, type EventType } from './event-log.ts';
import { openReportSummaries, type ReportSummary } from './report-repository.ts';
import type { Prisma } from './generated/prisma/client.ts';

type DbStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
type DbAction = 'APPROVE' | 'HOLD' | 'REJECT';

const STATUS_TO_DB: Record<CommentStatus, DbStatus> = {
  pending: 'PENDING',
  approved: 'APPROVED',
  rejected: 'REJECTED',
};
const STATUS_FROM_DB: Record<DbStatus, CommentStatus> = {
  PENDING: 'pending',
  APPROVED: 'approved',
  REJECTED: 'rejected',
};
const ACTION_TO_DB: Record<'approve' | 'hold' | 'reject', DbAction> = {
  approve: 'APPROVE',
  hold: 'HOLD',
  reject: 'REJECT',
};
const ACTION_FROM_DB: Record<DbAction, DecisionAction> = {
  APPROVE: 'approve',
  HOLD: 'hold',
  REJECT: 'reject',
};
const STATUS_OF_ACTION: Record<DbAction, DbStatus> = {
  APPROVE: 'APPROVED',
  HOLD: 'PENDING',
  REJECT: 'REJECTED',
};
const EVENT_OF_ACTION: Record<'approve' | 'hold' | 'reject', EventType> = {
  approve: 'comment.approved',
  hold: 'comment.held',
  reject: 'comment.rejected',
};

export const SYSTEM_ACTOR = 'system';
/** The actor id of the configured admin token (not a moderator row). */
export const ADMIN_ACTOR = 'admin';

export type DecisionAction = 'approve' | 'hold' | 'reject';

export interface SystemDecision {
  action: DecisionAction;
  /** The engine's findings (each names its rule), stored as JSON. */
  findings: readonly { rule: string }[];
  policyVersion: number;
  /** scorer_models.version of the model that scored the comment; null when none ran. */
  modelVersion?: number | null;
}

/** One page of rows in keyset order; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A moderation queue: a status, or `reported` (comments with reports waiting for a moderator). */
export type QueueName = CommentStatus | 'reported';

export type StatusCounts = Record<QueueName, number>;

/** An approved comment as the public thread shows it. */
export interface ThreadCommentRecord {
  id: string;
  body: string;
  authorName: string;
  parentId: string | null;
  createdAt: Date;
}

/** The latest decision on a comment, and who took it. */
export interface DecisionRecord {
  action: DecisionAction;
  /** `SYSTEM_ACTOR`, `ADMIN_ACTOR` or a moderator id. */
  decidedBy: string;
  /** The moderator's name when `decidedBy` is a moderator that still exists, else null. */
  moderatorName: string | null;
  reason: string | null;
  decidedAt: Date;
  /** The system's findings (JSON as the engine wrote them), kept after a moderator overrules them. */
  findings: unknown[];
}

/** A comment as moderators see it. */
export interface ModerationItemRecord {
  id: string;
  articleId: string;
  articleTitle: string;
  parentId: string | null;
  body: string;
  authorName: string;
  authorEmail: string | null;
  authorKey: string;
  /** The author's standing now (see `effectiveStanding`). */
  authorStanding: AuthorStanding;
  status: CommentStatus;
  createdAt: Date;
  decision: DecisionRecord | null;
  /** True while reader reports wait for a moderator (the comment is in the reported queue). */
  reported: boolean;
  /** The reports waiting for a moderator, or null when there are none. */
  reports: ReportSummary | null;
}

/**
 * What a moderator's decision came to: done, no such comment, or someone else decided first
 * (`item` then shows the comment as it is now, with the decision that won).
 */
export type DecideOutcome =
  | { kind: 'decided'; item: ModerationItemRecord }
  | { kind: 'not-found' }
  | { kind: 'conflict'; status: CommentStatus; item: ModerationItemRecord };

export interface AuthorHistoryEntry {
  body: string;
  createdAt: Date;
  status: CommentStatus;
}

const moderationInclude = {
  article: { select: { title: true } },
  decisions: { orderBy: { createdAt: 'desc' }, take: 20 },
} as const satisfies Prisma.CommentInclude;

type ModerationRow = Prisma.CommentGetPayload<{ include: typeof moderationInclude }>;

export class CommentRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores a comment with the system's decision and its event, atomically.
   * Idempotent on the comment id: a redelivered job finds the comment and changes nothing,
   * which turns the queue's at-least-once delivery into exactly-once storage.
   *
   * One SQL statement (so one implicit transaction and one round trip, instead of the five of
   * an interactive transaction): the decision and event rows are inserted only from the
   * comment row actually inserted.
   */
  async storeDecided(
    job: CommentJob,
    decision: SystemDecision,
    decidedAt: Date,
  ): Promise<'stored' | 'duplicate'> {
    const status = STATUS_OF_ACTION[ACTION_TO_DB[decision.action]];
    const event = decisionEvent(job, decision);
    const rows = await this.db.$queryRaw<{ inserted: bigint }[]>`
      WITH comment AS (
        INSERT INTO comments (id, article_id, parent_id, body, author_name, author_email, author_key, status, created_at, decided_at)
        VALUES (${job.commentId}::uuid, ${job.articleId}, ${job.parentId}::uuid, ${job.body}, ${job.author.name}, ${job.author.email},
                ${job.authorKey}, ${status}::comment_status, ${new Date(job.receivedAt)}, ${decidedAt})
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ), decision AS (
        INSERT INTO decisions (id, comment_id, action, decided_by, findings, policy_version, model_version, created_at)
        SELECT gen_random_uuid(), id, ${ACTION_TO_DB[decision.action]}::decision_action, ${SYSTEM_ACTOR},
               ${JSON.stringify(decision.findings)}::jsonb, ${decision.policyVersion}, ${decision.modelVersion ?? null}::int, ${decidedAt}
        FROM comment
      ), event AS (
        INSERT INTO moderation_events (type, actor, target_type, target_id, data, created_at)
        SELECT ${EVENT_OF_ACTION[decision.action]}, ${SYSTEM_ACTOR}, 'comment', id::text, ${JSON.stringify(event)}::jsonb, ${decidedAt}
        FROM comment
      )
      SELECT count(*) AS inserted FROM comment`;
    return Number(rows[0]?.inserted ?? 0) === 1 ? 'stored' : 'duplicate';
  }

  /**
   * `storeDecided` for many comments at once, with the same guarantees for each: one SQL
   * statement (one implicit transaction, one round trip) inserts the comments, and the decision
   * and event rows of only the comments actually inserted. The result at index i belongs to the
   * entry at index i; a comment id given twice is stored once (the later entry is a duplicate).
   * Rows go in author order, so two workers storing comments of the same authors lock the
   * authors' rows (see the comments_keep_author trigger) in the same order, not in a deadlock.
   */
  async storeDecidedMany(
    entries: readonly { job: CommentJob; decision: SystemDecision; decidedAt: Date }[],
  ): Promise<('stored' | 'duplicate')[]> {
    const firstOfId = new Map<string, number>();
    entries.forEach(({ job }, i) => {
      const id = job.commentId.toLowerCase();
      if (!firstOfId.has(id)) firstOfId.set(id, i);
    });
    const rows = [...firstOfId.values()]
      .map((i) => entries[i]!)
      .sort((a, b) =>
        a.job.authorKey < b.job.authorKey ? -1 : a.job.authorKey > b.job.authorKey ? 1 : 0,
      );
    if (rows.length === 0) return [];
    const column = <T>(pick: (entry: (typeof rows)[number]) => T): T[] => rows.map(pick);
    const inserted = await this.db.$queryRaw<{ id: string }[]>`
      WITH input AS (
        SELECT * FROM unnest(
          ${column((e) => e.job.commentId)}::uuid[], ${column((e) => e.job.articleId)}::text[],
          ${column((e) => e.job.parentId)}::uuid[], ${column((e) => e.job.body)}::text[],
          ${column((e) => e.job.author.name)}::text[], ${column((e) => e.job.author.email ?? null)}::text[],
          ${column((e) => e.job.authorKey)}::text[],
          ${column((e) => STATUS_OF_ACTION[ACTION_TO_DB[e.decision.action]])}::comment_status[],
          ${column((e) => new Date(e.job.receivedAt).toISOString())}::timestamptz[],
          ${column((e) => e.decidedAt.toISOString())}::timestamptz[],
          ${column((e) => ACTION_TO_DB[e.decision.action])}::decision_action[],
          ${column((e) => JSON.stringify(e.decision.findings))}::jsonb[],
          ${column((e) => e.decision.policyVersion)}::int[],
          ${column((e) => e.decision.modelVersion ?? null)}::int[],
          ${column((e) => EVENT_OF_ACTION[e.decision.action])}::text[],
          ${column((e) => JSON.stringify(decisionEvent(e.job, e.decision)))}::jsonb[]
        ) WITH ORDINALITY AS t(id, article_id, parent_id, body, author_name, author_email, author_key,
                               status, created_at, decided_at, action, findings, policy_version,
                               model_version, event_type, event_data, n)
      ), comment AS (
        INSERT INTO comments (id, article_id, parent_id, body, author_name, author_email, author_key, status, created_at, decided_at)
        SELECT id, article_id, parent_id, body, author_name, author_email, author_key, status, created_at, decided_at
        FROM input ORDER BY n
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ), decision AS (
        INSERT INTO decisions (id, comment_id, action, decided_by, findings, policy_version, model_version, created_at)
        SELECT gen_random_uuid(), i.id, i.action, ${SYSTEM_ACTOR}, i.findings, i.policy_version, i.model_version, i.decided_at
        FROM input i JOIN comment c ON c.id = i.id
      ), event AS (
        INSERT INTO moderation_events (type, actor, target_type, target_id, data, created_at)
        SELECT i.event_type, ${SYSTEM_ACTOR}, 'comment', i.id::text, i.event_data, i.decided_at
        FROM input i JOIN comment c ON c.id = i.id ORDER BY i.n
      )
      SELECT id::text AS id FROM comment`;
    const stored = new Set(inserted.map((r) => r.id));
    return entries.map(({ job }, i) =>
      firstOfId.get(job.commentId.toLowerCase()) === i && stored.has(job.commentId.toLowerCase())
        ? 'stored'
        : 'duplicate',
    );
  }

  async status(id: string): Promise<CommentStatus | null> {
    const row = await this.db.comment.findUnique({ where: { id }, select: { status: true } });
    return row ? STATUS_FROM_DB[row.status] : null;
  }

  /** A reply may only answer a comment readers can see, on the same article. */
  async isApprovedIn(articleId: string, id: string): Promise<boolean> {
    const row = await this.db.comment.findFirst({
      where: { id, articleId, status: 'APPROVED' },
      select: { id: true },
    });
    return row !== null;
  }

  async thread(articleId: string, query: ThreadQuery): Promise<Page<ThreadCommentRecord>> {
    const order = query.sort === 'oldest' ? 'asc' : 'desc';
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.db.comment.findMany({
      where: { articleId, status: 'APPROVED', ...afterCursor(cursor, order) },
      orderBy: [{ createdAt: order }, { id: order }],
      take: query.limit + 1,
      select: { id: true, body: true, authorName: true, parentId: true, createdAt: true },
    });
    return page(rows, query.limit, (row) => row);
  }

  /**
   * Moderation queues: pending and reported oldest first (first come, first served), the others
   * newest first. `reported` holds the comments whose reader reports wait for a moderator,
   * whether still shown (approved) or hidden by reports (pending).
   */
  async queue(query: {
    status: QueueName;
    articleId?: string;
    cursor?: string;
    limit: number;
  }): Promise<Page<ModerationItemRecord>> {
    const order = query.status === 'pending' || query.status === 'reported' ? 'asc' : 'desc';
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.db.comment.findMany({
      where: {
        ...(query.status === 'reported'
          ? { reportedAt: { not: null } }
          : { status: STATUS_TO_DB[query.status] }),
        ...(query.articleId && { articleId: query.articleId }),
        ...afterCursor(cursor, order),
      },
      orderBy: [{ createdAt: order }, { id: order }],
      take: query.limit + 1,
      include: moderationInclude,
    });
    const more = rows.length > query.limit;
    const kept = more ? rows.slice(0, query.limit) : rows;
    const [names, standings, reports] = await Promise.all([
      this.decidersNames(kept),
      this.authorStandings(kept),
      openReportSummaries(
        this.db,
        kept.map((r) => r.id),
      ),
    ]);
    return page(rows, query.limit, (row) => toModerationItem(row, names, standings, reports));
  }

  async counts(articleId?: string): Promise<StatusCounts> {
    const groups = await this.db.comment.groupBy({
      by: ['status'],
      where: articleId ? { articleId } : {},
      _count: { _all: true },
    });
    const counts: StatusCounts = { pending: 0, approved: 0, rejected: 0, reported: 0 };
    for (const group of groups) counts[STATUS_FROM_DB[group.status]] = group._count._all;
    counts.reported = await this.db.comment.count({
      where: { reportedAt: { not: null }, ...(articleId && { articleId }) },
    });
    return counts;
  }

  async moderationItem(id: string): Promise<ModerationItemRecord | null> {
    const row = await this.db.comment.findUnique({ where: { id }, include: moderationInclude });
    if (!row) return null;
    const [names, standings, reports] = await Promise.all([
      this.decidersNames([row]),
      this.authorStandings([row]),
      openReportSummaries(this.db, [id]),
    ]);
    return toModerationItem(row, names, standings, reports);
  }

  /** The current standing of these rows' authors (one query). */
  private async authorStandings(rows: ModerationRow[]): Promise<Map<string, AuthorStanding>> {
    const keys = [...new Set(rows.map((r) => r.authorKey))];
    if (keys.length === 0) return new Map();
    const authors = await this.db.author.findMany({
      where: { key: { in: keys } },
      select: { key: true, standing: true, suspendedUntil: true },
    });
    const now = new Date();
    return new Map(authors.map((a) => [a.key, effectiveStanding(a, now).standing]));
  }

  /** Names of the moderators who took the latest decisions on these rows (one query). */
  private async decidersNames(rows: ModerationRow[]): Promise<Map<string, string>> {
    const ids = [
      ...new Set(
        rows
          .map((r) => r.decisions[0]?.decidedBy)
          .filter((id): id is string => !!id && UUID.test(id)),
      ),
    ];
    if (ids.length === 0) return new Map();
    const moderators = await this.db.moderator.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
    });
    return new Map(moderators.map((m) => [m.id, m.name]));
  }

  /**
   * A moderator's decision: new status, a decision record and its event, atomically.
   *
   * `expectedStatus` is the status the moderator saw. The comment's row is locked
   * (`SELECT … FOR UPDATE`) before it is compared, so of two moderators deciding at once exactly
   * one writes a decision and an event; the other gets `conflict` with the decision that won.
   * Deciding a comment that already has the status the action would give it counts as a
   * conflict too when `expectedStatus` is given (someone else did it first).
   */
  async decide(
    id: string,
    action: 'approve' | 'reject',
    moderator: { id: string; name: string },
    reason: string | null,
    now: Date,
    expectedStatus?: CommentStatus,
  ): Promise<DecideOutcome> {
    const dbAction = ACTION_TO_DB[action];
    const newStatus = STATUS_OF_ACTION[dbAction];
    const result = await this.db.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<
        { status: DbStatus; articleId: string; reportedAt: Date | null }[]
      >`
        SELECT status, article_id AS "articleId", reported_at AS "reportedAt"
        FROM comments WHERE id = ${id}::uuid FOR UPDATE`;
      if (!current) return 'not-found' as const;
      // Deciding what is already so is only meaningful while reports wait (dismissing them).
      const nothingToDo = current.status === newStatus && current.reportedAt === null;
      if (
        expectedStatus !== undefined &&
        (STATUS_FROM_DB[current.status] !== expectedStatus || nothingToDo)
      )
        return { conflict: STATUS_FROM_DB[current.status] };
      await tx.comment.update({
        where: { id },
        data: { status: newStatus, decidedAt: now, reportedAt: null },
      });
      // The decision settles the reports waiting on the comment: it weighs their readers' next ones.
      const settled = await tx.report.updateMany({
        where: { commentId: id, outcome: null },
        data: { outcome: action === 'reject' ? 'UPHELD' : 'DISMISSED', decidedAt: now },
      });
      await tx.decision.create({
        data: { commentId: id, action: dbAction, decidedBy: moderator.id, reason, createdAt: now },
      });
      await recordEvent(tx, {
        type: action === 'approve' ? 'comment.approved' : 'comment.rejected',
        actor: moderator.id,
        targetType: 'comment',
        targetId: id,
        data: {
          articleId: current.articleId,
          reason,
          previousStatus: STATUS_FROM_DB[current.status],
          moderatorName: moderator.name,
          ...(settled.count > 0 && {
            reports: {
              count: settled.count,
              outcome: action === 'reject' ? 'upheld' : 'dismissed',
            },
          }),
        },
        createdAt: now,
      });
      return 'decided' as const;
    });
    if (result === 'not-found') return { kind: 'not-found' };
    const item = await this.moderationItem(id);
    if (!item) return { kind: 'not-found' };
    if (result === 'decided') return { kind: 'decided', item };
    return { kind: 'conflict', status: result.conflict, item };
  }

  /**
   * The author's recent comments, newest first, for the repeat-post rules. (Their standing and
   * counts come from the author row: `AuthorRepository.moderationFacts`.)
   */
  async authorHistory(
    authorKey: string,
    since: Date,
    limit: number,
  ): Promise<{ history: AuthorHistoryEntry[] }> {
    const rows = await this.db.comment.findMany({
      where: { authorKey, createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { body: true, createdAt: true, status: true },
    });
    return {
      history: rows.map((r) => ({
        body: r.body,
        createdAt: r.createdAt,
        status: STATUS_FROM_DB[r.status],
      })),
    };
  }

  /**
   * `authorHistory` of many authors in one query (the worker's batches); the result at index i
   * answers the request at index i.
   */
  async authorHistories(
    requests: readonly { authorKey: string; since: Date; limit: number }[],
  ): Promise<{ history: AuthorHistoryEntry[] }[]> {
    if (requests.length === 0) return [];
    const rows = await this.db.$queryRaw<
      { n: bigint; body: string; createdAt: Date; status: DbStatus }[]
    >`
      SELECT k.n, c.body, c.created_at AS "createdAt", c.status::text AS status
      FROM unnest(${requests.map((r) => r.authorKey)}::text[],
                  ${requests.map((r) => r.since.toISOString())}::timestamptz[],
                  ${requests.map((r) => r.limit)}::int[])
           WITH ORDINALITY AS k(key, since, lim, n)
      CROSS JOIN LATERAL (
        SELECT body, created_at, status FROM comments
        WHERE author_key = k.key AND created_at >= k.since
        ORDER BY created_at DESC LIMIT k.lim
      ) AS c
      ORDER BY k.n, c.created_at DESC`;
    const histories = requests.map(() => ({ history: [] as AuthorHistoryEntry[] }));
    for (const row of rows)
      histories[Number(row.n) - 1]!.history.push({
        body: row.body,
        createdAt: row.createdAt,
        status: STATUS_FROM_DB[row.status],
      });
    return histories;
  }
}

/** The data of a system decision's event (`comment.approved`, `.held`, `.rejected`). */
function decisionEvent(job: CommentJob, decision: SystemDecision) {
  return {
    articleId: job.articleId,
    decision: decision.action,
    rules: decision.findings.map((f) => f.rule),
    policyVersion: decision.policyVersion,
    modelVersion: decision.modelVersion ?? null,
  };
}

function page<Row extends { createdAt: Date; id: string }, Item>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Item,
): Page<Item> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { items: kept.map(map), nextCursor: more && last ? encodeCursor(last) : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toModerationItem(
  row: ModerationRow,
  names: Map<string, string>,
  standings: Map<string, AuthorStanding>,
  reports: Map<string, ReportSummary>,
): ModerationItemRecord {
  const latest = row.decisions[0];
  // The system's findings explain the comment even after a moderator has overruled it.
  const system = row.decisions.find((d) => d.decidedBy === SYSTEM_ACTOR);
  return {
    id: row.id,
    articleId: row.articleId,
    articleTitle: row.article.title,
    parentId: row.parentId,
    body: row.body,
    authorName: row.authorName,
    authorEmail: row.authorEmail,
    authorKey: row.authorKey,
    authorStanding: standings.get(row.authorKey) ?? 'normal',
    status: STATUS_FROM_DB[row.status],
    createdAt: row.createdAt,
    decision: latest
      ? {
          action: ACTION_FROM_DB[latest.action],
          decidedBy: latest.decidedBy,
          moderatorName: names.get(latest.decidedBy) ?? null,
          reason: latest.reason,
          decidedAt: latest.createdAt,
          findings: Array.isArray(system?.findings) ? system.findings : [],
        }
      : null,
    reported: row.reportedAt !== null,
    reports: reports.get(row.id) ?? null,
  };
}
