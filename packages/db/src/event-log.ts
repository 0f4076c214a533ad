import type { Database } from './client.ts';
import type { Prisma } from './generated/prisma/client.ts';

/**
 * The event types the service writes today. Every state change is one of these, written in the
 * same transaction as the change (see `recordEvent`); the audit trail, the live console and the
 * webhooks all read these rows.
 */
export type EventType =
  | 'comment.approved'
  | 'comment.held'
  | 'comment.rejected'
  /** A reader reported the comment (actor `reader:<key prefix>`). */
  | 'comment.reported'
  /** Reports put a shown comment in the reported queue. */
  | 'comment.flagged'
  /** Reports past the policy's second threshold hid the comment until a moderator decides. */
  | 'comment.hidden'
  | 'article.created'
  | 'article.updated'
  | 'moderator.created'
  | 'moderator.revoked'
  | 'policy.saved'
  | 'policy.activated'
  | 'model.saved'
  | 'model.activated'
  // Open for the types later features add (reports, standing changes, notes, policies…).
  | (string & {});

export interface NewEvent {
  type: EventType;
  /** "system", "admin", a moderator id, or another named actor such as "seed". */
  actor: string;
  targetType: string;
  targetId: string;
  data?: Prisma.InputJsonValue;
  createdAt?: Date;
}

export interface EventRecord {
  /** Position in the history (a decimal string: the column is a bigint). */
  id: string;
  type: string;
  actor: string;
  targetType: string;
  targetId: string;
  data: unknown;
  createdAt: Date;
  publishedAt: Date | null;
}

/** A transaction client or the database itself: events join whatever transaction writes the change. */
type Writer = Pick<Prisma.TransactionClient, 'moderationEvent'>;

/**
 * Records an event. Call it with the transaction client that writes the change itself, so the
 * change and its event commit together or not at all.
 */
export async function recordEvent(tx: Writer, event: NewEvent): Promise<void> {
  await tx.moderationEvent.create({
    data: {
      type: event.type,
      actor: event.actor,
      targetType: event.targetType,
      targetId: event.targetId,
      data: event.data ?? {},
      ...(event.createdAt && { createdAt: event.createdAt }),
    },
  });
}

export interface EventQuery {
  actor?: string;
  targetType?: string;
  targetId?: string;
  type?: string;
  /** Only events older than this id (the previous page's last id): newest first. */
  before?: string;
  limit: number;
}

type Row = Prisma.ModerationEventGetPayload<object>;

const toRecord = (row: Row): EventRecord => ({
  id: row.id.toString(),
  type: row.type,
  actor: row.actor,
  targetType: row.targetType,
  targetId: row.targetId,
  data: row.data,
  createdAt: row.createdAt,
  publishedAt: row.publishedAt,
});

/** Reads the history and relays it (the transactional outbox). */
export class EventLog {
  constructor(private readonly db: Database) {}

  /** Events newest first, filtered; `nextBefore` pages on (null on the last page). */
  async list(query: EventQuery): Promise<{ items: EventRecord[]; nextBefore: string | null }> {
    const rows = await this.db.moderationEvent.findMany({
      where: {
        ...(query.actor !== undefined && { actor: query.actor }),
        ...(query.targetType !== undefined && { targetType: query.targetType }),
        ...(query.targetId !== undefined && { targetId: query.targetId }),
        ...(query.type !== undefined && { type: query.type }),
        ...(query.before !== undefined && { id: { lt: BigInt(query.before) } }),
      },
      orderBy: { id: 'desc' },
      take: query.limit + 1,
    });
    const more = rows.length > query.limit;
    const items = (more ? rows.slice(0, query.limit) : rows).map(toRecord);
    return { items, nextBefore: more ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Publishes up to `limit` unpublished events, oldest first, then marks them published — in one
   * transaction that holds their rows (`FOR UPDATE SKIP LOCKED`), so several relays (one per
   * worker process) share the work without publishing the same event twice while all is well.
   * If the process dies after `publish` but before the commit, the events are published again
   * later: delivery is at-least-once, and consumers recognise repeats by the event id.
   * Returns how many events were published.
   */
  async relay(
    limit: number,
    publish: (events: EventRecord[]) => Promise<void>,
    now: () => Date = () => new Date(),
  ): Promise<number> {
    return this.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<Row[]>`
          SELECT id, type, actor, target_type AS "targetType", target_id AS "targetId", data,
                 created_at AS "createdAt", published_at AS "publishedAt"
          FROM moderation_events
          WHERE published_at IS NULL
          ORDER BY id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        await publish(rows.map(toRecord));
        await tx.moderationEvent.updateMany({
          where: { id: { in: rows.map((r) => r.id) } },
          data: { publishedAt: now() },
        });
        return rows.length;
      },
      { timeout: 30_000 },
    );
  }
}
