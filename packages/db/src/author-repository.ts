import type { AuthorStanding, CommentStatus } from '@cm/contracts';
import type { Database } from './client.ts';
import { recordEvent } from './event-log.ts';

type DbStanding = 'NORMAL' | 'TRUSTED' | 'PREMODERATED' | 'SUSPENDED' | 'BANNED';

const STANDING_TO_DB: Record<AuthorStanding, DbStanding> = {
  normal: 'NORMAL',
  trusted: 'TRUSTED',
  premoderated: 'PREMODERATED',
  suspended: 'SUSPENDED',
  banned: 'BANNED',
};
const STANDING_FROM_DB: Record<DbStanding, AuthorStanding> = {
  NORMAL: 'normal',
  TRUSTED: 'trusted',
  PREMODERATED: 'premoderated',
  SUSPENDED: 'suspended',
  BANNED: 'banned',
};
const STATUS_FROM_DB = { PENDING: 'pending', APPROVED: 'approved', REJECTED: 'rejected' } as const;

/**
 * An author's standing as it applies at `now`: a suspension whose end has passed is over
 * (suspensions expire by themselves; nothing has to run at the end).
 */
export interface Standing {
  standing: AuthorStanding;
  /** End of the suspension; null unless `standing` is suspended. */
  suspendedUntil: Date | null;
}

export function effectiveStanding(
  row: { standing: DbStanding; suspendedUntil: Date | null } | null,
  now: Date,
): Standing {
  if (!row) return { standing: 'normal', suspendedUntil: null };
  if (row.standing === 'SUSPENDED' && (!row.suspendedUntil || row.suspendedUntil <= now))
    return { standing: 'normal', suspendedUntil: null };
  return {
    standing: STANDING_FROM_DB[row.standing],
    suspendedUntil: row.standing === 'SUSPENDED' ? row.suspendedUntil : null,
  };
}

export interface AuthorRecord extends Standing {
  key: string;
  displayName: string;
  counts: { approved: number; rejected: number; reported: number };
  createdAt: Date;
  lastSeenAt: Date;
}

export interface AuthorCommentRecord {
  id: string;
  articleId: string;
  body: string;
  status: CommentStatus;
  createdAt: Date;
}

export interface AuthorNoteRecord {
  id: string;
  body: string;
  moderator: { id: string; name: string };
  createdAt: Date;
}

export interface AuthorProfileRecord extends AuthorRecord {
  /** Newest first, at most 50. */
  comments: AuthorCommentRecord[];
  /** Newest first. */
  notes: AuthorNoteRecord[];
}

/** What the moderation pipeline knows about an author when it decides one of their comments. */
export interface AuthorModerationFacts extends Standing {
  /** Approved comments ever (kept on the author row). */
  approvedCount: number;
  /** The author's comments written since `since` and decided approved or rejected. */
  recentOutcomes: { approved: number; rejected: number };
}

export interface StandingChange {
  standing: AuthorStanding;
  /** Required for suspensions, ignored otherwise. */
  until: Date | null;
  reason: string;
}

type Actor = { id: string; name: string };

type AuthorRow = {
  key: string;
  displayName: string;
  standing: DbStanding;
  suspendedUntil: Date | null;
  approvedCount: number;
  rejectedCount: number;
  reportedCount: number;
  createdAt: Date;
  lastSeenAt: Date;
};

const toRecord = (row: AuthorRow, now: Date): AuthorRecord => ({
  key: row.key,
  displayName: row.displayName,
  ...effectiveStanding(row, now),
  counts: { approved: row.approvedCount, rejected: row.rejectedCount, reported: row.reportedCount },
  createdAt: row.createdAt,
  lastSeenAt: row.lastSeenAt,
});

/**
 * Authors: their standing (set by moderators), counts and notes. The rows themselves are created
 * and counted by the database when comments are stored or decided (trigger
 * `comments_keep_author`), so every writer of comments keeps them right.
 */
export class AuthorRepository {
  constructor(private readonly db: Database) {}

  async get(key: string, now: Date): Promise<AuthorRecord | null> {
    const row = await this.db.author.findUnique({ where: { key } });
    return row ? toRecord(row, now) : null;
  }

  /** The author with their newest 50 comments and the moderators' notes. */
  async profile(key: string, now: Date): Promise<AuthorProfileRecord | null> {
    const [row, comments, notes] = await Promise.all([
      this.db.author.findUnique({ where: { key } }),
      this.db.comment.findMany({
        where: { authorKey: key },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 50,
        select: { id: true, articleId: true, body: true, status: true, createdAt: true },
      }),
      this.db.authorNote.findMany({
        where: { authorKey: key },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 200,
      }),
    ]);
    if (!row) return null;
    return {
      ...toRecord(row, now),
      comments: comments.map((c) => ({ ...c, status: STATUS_FROM_DB[c.status] })),
      notes: notes.map(toNote),
    };
  }

  /** Standings of several authors at once (for the moderation queue); unknown keys are absent. */
  async standings(keys: readonly string[], now: Date): Promise<Map<string, Standing>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db.author.findMany({
      where: { key: { in: [...new Set(keys)] } },
      select: { key: true, standing: true, suspendedUntil: true },
    });
    return new Map(rows.map((row) => [row.key, effectiveStanding(row, now)]));
  }

  /**
   * Every author who may not post at `now` (banned, or suspended until later), by key: the API
   * keeps this set in memory so a POST costs no per-author query. Refused authors are few.
   */
  async refused(now: Date): Promise<Map<string, Standing>> {
    const rows = await this.db.author.findMany({
      where: {
        OR: [{ standing: 'BANNED' }, { standing: 'SUSPENDED', suspendedUntil: { gt: now } }],
      },
      select: { key: true, standing: true, suspendedUntil: true },
    });
    return new Map(rows.map((row) => [row.key, effectiveStanding(row, now)]));
  }

  /**
   * What the pipeline needs to decide an author's comment, in one round trip: standing,
   * approved count (from the author row) and recent outcomes (from the comments index on
   * author and time).
   */
  async moderationFacts(key: string, since: Date, now: Date): Promise<AuthorModerationFacts> {
    const [facts] = await this.moderationFactsMany([{ key, since, now }]);
    return facts!;
  }

  /**
   * `moderationFacts` of many authors in one query (the worker's batches); the result at index i
   * answers the request at index i.
   */
  async moderationFactsMany(
    requests: readonly { key: string; since: Date; now: Date }[],
  ): Promise<AuthorModerationFacts[]> {
    if (requests.length === 0) return [];
    const rows = await this.db.$queryRaw<
      {
        n: bigint;
        standing: DbStanding | null;
        suspendedUntil: Date | null;
        approvedCount: number | null;
        recentApproved: bigint;
        recentRejected: bigint;
      }[]
    >`
      SELECT k.n, a.standing::text AS standing, a.suspended_until AS "suspendedUntil",
             a.approved_count AS "approvedCount",
             r.approved AS "recentApproved", r.rejected AS "recentRejected"
      FROM unnest(${requests.map((r) => r.key)}::text[],
                  ${requests.map((r) => r.since.toISOString())}::timestamptz[])
           WITH ORDINALITY AS k(key, since, n)
      LEFT JOIN authors a ON a.author_key = k.key
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE c.status = 'APPROVED') AS approved,
               count(*) FILTER (WHERE c.status = 'REJECTED') AS rejected
        FROM comments c WHERE c.author_key = k.key AND c.created_at >= k.since
      ) AS r
      ORDER BY k.n`;
    return rows.map((row, i) => ({
      ...effectiveStanding(
        row.standing ? { standing: row.standing, suspendedUntil: row.suspendedUntil } : null,
        requests[i]!.now,
      ),
      approvedCount: row.approvedCount ?? 0,
      recentOutcomes: {
        approved: Number(row.recentApproved),
        rejected: Number(row.recentRejected),
      },
    }));
  }

  /**
   * A moderator sets the author's standing: the row and its `author.standing_changed` event in
   * one transaction. Null when there is no such author.
   */
  async setStanding(
    key: string,
    change: StandingChange,
    actor: Actor,
    now: Date,
  ): Promise<AuthorRecord | null> {
    const until = change.standing === 'suspended' ? change.until : null;
    const row = await this.db.$transaction(async (tx) => {
      const current = await tx.author.findUnique({
        where: { key },
        select: { standing: true, suspendedUntil: true },
      });
      if (!current) return null;
      const updated = await tx.author.update({
        where: { key },
        data: { standing: STANDING_TO_DB[change.standing], suspendedUntil: until },
      });
      const before = effectiveStanding(current, now);
      await recordEvent(tx, {
        type: 'author.standing_changed',
        actor: actor.id,
        targetType: 'author',
        targetId: key,
        data: {
          from: before.standing,
          to: change.standing,
          until: until?.toISOString() ?? null,
          reason: change.reason,
          moderatorName: actor.name,
        },
        createdAt: now,
      });
      return updated;
    });
    return row ? toRecord(row, now) : null;
  }

  /** A moderator's note about the author, with its `author.note_added` event. Null: no such author. */
  async addNote(
    key: string,
    body: string,
    actor: Actor,
    now: Date,
  ): Promise<AuthorNoteRecord | null> {
    return this.db.$transaction(async (tx) => {
      const exists = await tx.author.findUnique({ where: { key }, select: { key: true } });
      if (!exists) return null;
      const note = await tx.authorNote.create({
        data: {
          authorKey: key,
          body,
          moderatorId: actor.id,
          moderatorName: actor.name,
          createdAt: now,
        },
      });
      await recordEvent(tx, {
        type: 'author.note_added',
        actor: actor.id,
        targetType: 'author',
        targetId: key,
        data: { noteId: note.id, body, moderatorName: actor.name },
        createdAt: now,
      });
      return toNote(note);
    });
  }
}

const toNote = (note: {
  id: string;
  body: string;
  moderatorId: string;
  moderatorName: string;
  createdAt: Date;
}): AuthorNoteRecord => ({
  id: note.id,
  body: note.body,
  moderator: { id: note.moderatorId, name: note.moderatorName },
  createdAt: note.createdAt,
});
