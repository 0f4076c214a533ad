import type { Database } from './client.ts';
import { recordEvent } from './event-log.ts';
import type { Prisma } from './generated/prisma/client.ts';

export interface WebhookRecord {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  consecutiveFailures: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What the delivery worker needs: the record plus the signing secret. */
export interface WebhookTarget extends WebhookRecord {
  secret: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttemptRecord {
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  attemptLog: DeliveryAttemptRecord[];
}

export interface NewDelivery {
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: Prisma.InputJsonValue;
  createdAt: Date;
}

/** One try's outcome, as the worker saw it. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** The queue gives up after this try: a failure makes the delivery `failed`. */
  final: boolean;
}

export interface WebhookChange {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

type EndpointRow = Prisma.WebhookEndpointGetPayload<object>;
type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ include: { attemptLog: true } }>;

const STATUS_FROM_DB = { PENDING: 'pending', DELIVERED: 'delivered', FAILED: 'failed' } as const;

const toRecord = (row: EndpointRow): WebhookRecord => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  disabledAt: row.disabledAt,
  consecutiveFailures: row.consecutiveFailures,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toDelivery = (row: DeliveryRow): DeliveryRecord => ({
  id: row.id,
  endpointId: row.endpointId,
  eventId: row.eventId.toString(),
  eventType: row.eventType,
  payload: row.payload,
  status: STATUS_FROM_DB[row.status],
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  createdAt: row.createdAt,
  lastAttemptAt: row.lastAttemptAt,
  deliveredAt: row.deliveredAt,
  attemptLog: row.attemptLog.map((a) => ({
    attempt: a.attempt,
    statusCode: a.statusCode,
    error: a.error,
    durationMs: a.durationMs,
    at: a.createdAt,
  })),
});

/** Keeps the attempt log of one delivery readable: the latest tries are what an admin needs. */
const ATTEMPTS_SHOWN = 50;

/**
 * Webhook endpoints and their delivery log. Changes to endpoints are audited like every other
 * admin action (`webhook.created`, `.updated`, `.deleted`, `.secret_rotated`, `.disabled`);
 * the secret never appears in an event.
 */
export class WebhookRepository {
  constructor(private readonly db: Database) {}

  async create(
    endpoint: { url: string; events: string[]; description: string | null; secret: string },
    actor: string,
  ): Promise<WebhookRecord> {
    const row = await this.db.$transaction(async (tx) => {
      const created = await tx.webhookEndpoint.create({
        data: { ...endpoint, createdBy: actor },
      });
      await recordEvent(tx, {
        type: 'webhook.created',
        actor,
        targetType: 'webhook',
        targetId: created.id,
        data: { url: created.url, events: created.events },
      });
      return created;
    });
    return toRecord(row);
  }

  async list(): Promise<WebhookRecord[]> {
    const rows = await this.db.webhookEndpoint.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map(toRecord);
  }

  async get(id: string): Promise<WebhookRecord | null> {
    const row = await this.db.webhookEndpoint.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  /** Re-enabling clears the failure count and the reason it was disabled. Null: no such webhook. */
  async update(id: string, change: WebhookChange, actor: string): Promise<WebhookRecord | null> {
    const row = await this.db.$transaction(async (tx) => {
      const current = await tx.webhookEndpoint.findUnique({ where: { id } });
      if (!current) return null;
      const enabling = change.enabled === true && !current.enabled;
      const disabling = change.enabled === false && current.enabled;
      const updated = await tx.webhookEndpoint.update({
        where: { id },
        data: {
          ...(change.url !== undefined && { url: change.url }),
          ...(change.events !== undefined && { events: change.events }),
          ...(change.description !== undefined && { description: change.description }),
          ...(enabling && {
            enabled: true,
            consecutiveFailures: 0,
            disabledReason: null,
            disabledAt: null,
          }),
          ...(disabling && {
            enabled: false,
            disabledReason: `disabled by ${actor}`,
            disabledAt: new Date(),
          }),
        },
      });
      await recordEvent(tx, {
        type: 'webhook.updated',
        actor,
        targetType: 'webhook',
        targetId: id,
        data: { ...change },
      });
      return updated;
    });
    return row ? toRecord(row) : null;
  }

  /** Deletes the endpoint and its delivery log. False: no such webhook. */
  async delete(id: string, actor: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } });
      if (count === 0) return false;
      await recordEvent(tx, {
        type: 'webhook.deleted',
        actor,
        targetType: 'webhook',
        targetId: id,
      });
      return true;
    });
  }

  async rotateSecret(id: string, secret: string, actor: string): Promise<WebhookRecord | null> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.webhookEndpoint.updateMany({ where: { id }, data: { secret } });
      if (count === 0) return null;
      await recordEvent(tx, {
        type: 'webhook.secret_rotated',
        actor,
        targetType: 'webhook',
        targetId: id,
      });
      const row = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
      return toRecord(row);
    });
  }

  /**
   * Asks for a `webhook.test` delivery to this endpoint only: an event like any other, so it goes
   * through the outbox, the queue and the signing like real ones. Null: no such webhook.
   */
  async requestTest(id: string, actor: string): Promise<string | null> {
    return this.db.$transaction(async (tx) => {
      const endpoint = await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
      if (!endpoint) return null;
      const event = await tx.moderationEvent.create({
        data: { type: 'webhook.test', actor, targetType: 'webhook', targetId: id, data: {} },
      });
      return event.id.toString();
    });
  }

  /** Enabled endpoints by id (test events name their endpoint). */
  async enabledByIds(ids: string[]): Promise<WebhookRecord[]> {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const rows = await this.db.webhookEndpoint.findMany({
      where: { id: { in: valid }, enabled: true },
    });
    return rows.map(toRecord);
  }

  /** Enabled endpoints subscribed to any of `types`. */
  async subscribers(types: string[]): Promise<WebhookRecord[]> {
    const rows = await this.db.webhookEndpoint.findMany({
      where: { enabled: true, events: { hasSome: types } },
    });
    return rows.map(toRecord);
  }

  /** The article of each comment (events about reports carry only the comment id). */
  async commentArticles(commentIds: string[]): Promise<Map<string, string>> {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const ids = commentIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return new Map();
    const rows = await this.db.comment.findMany({
      where: { id: { in: ids } },
      select: { id: true, articleId: true },
    });
    return new Map(rows.map((r) => [r.id, r.articleId]));
  }

  /**
   * Writes the deliveries that do not exist yet (unique per endpoint and event, so a relay batch
   * published twice adds nothing) and returns every one of them still pending — new, or left
   * pending by a relay that died before it queued them — for the caller to queue.
   */
  async recordDeliveries(
    deliveries: NewDelivery[],
  ): Promise<{ id: string; endpointId: string; eventId: string }[]> {
    if (deliveries.length === 0) return [];
    await this.db.webhookDelivery.createMany({
      data: deliveries.map((d) => ({ ...d, eventId: BigInt(d.eventId) })),
      skipDuplicates: true,
    });
    const rows = await this.db.webhookDelivery.findMany({
      where: {
        status: 'PENDING',
        OR: deliveries.map((d) => ({ endpointId: d.endpointId, eventId: BigInt(d.eventId) })),
      },
      select: { id: true, endpointId: true, eventId: true },
    });
    return rows.map((r) => ({ ...r, eventId: r.eventId.toString() }));
  }

  /** A delivery and its endpoint (null when either is gone: the endpoint was deleted). */
  async delivery(
    id: string,
  ): Promise<{ delivery: DeliveryRecord; endpoint: WebhookTarget } | null> {
    const row = await this.db.webhookDelivery.findUnique({
      where: { id },
      include: { endpoint: true, attemptLog: { orderBy: { id: 'desc' }, take: 1 } },
    });
    if (!row) return null;
    return {
      delivery: toDelivery(row),
      endpoint: { ...toRecord(row.endpoint), secret: row.endpoint.secret },
    };
  }

  /** Gives up on a pending delivery without trying it (its endpoint is disabled). */
  async abandon(id: string, reason: string, now: Date): Promise<void> {
    await this.db.webhookDelivery.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'FAILED', lastError: reason, lastAttemptAt: now },
    });
  }

  /**
   * Records one try: the attempt row, the delivery's status and counters, and the endpoint's run
   * of consecutive failures. When that run reaches `disableAfter`, the endpoint is disabled and a
   * `webhook.disabled` event says why — in the same transaction. Returns whether it was disabled.
   */
  async recordAttempt(
    id: string,
    outcome: AttemptOutcome,
    disableAfter: number,
    now: Date,
  ): Promise<{ disabled: boolean; consecutiveFailures: number }> {
    return this.db.$transaction(async (tx) => {
      const delivery = await tx.webhookDelivery.update({
        where: { id },
        data: {
          attempts: { increment: 1 },
          lastStatusCode: outcome.statusCode,
          lastError: outcome.error,
          lastAttemptAt: now,
          ...(outcome.ok && { status: 'DELIVERED', deliveredAt: now }),
          ...(!outcome.ok && outcome.final && { status: 'FAILED' }),
        },
      });
      await tx.webhookDeliveryAttempt.create({
        data: {
          deliveryId: id,
          attempt: delivery.attempts,
          statusCode: outcome.statusCode,
          error: outcome.error,
          durationMs: Math.round(outcome.durationMs),
          createdAt: now,
        },
      });
      if (outcome.ok) {
        await tx.webhookEndpoint.update({
          where: { id: delivery.endpointId },
          data: { consecutiveFailures: 0 },
        });
        return { disabled: false, consecutiveFailures: 0 };
      }
      // Locked by the update, so two failing deliveries cannot both disable (or both miss it).
      const endpoint = await tx.webhookEndpoint.update({
        where: { id: delivery.endpointId },
        data: { consecutiveFailures: { increment: 1 } },
      });
      if (!endpoint.enabled || endpoint.consecutiveFailures < disableAfter) {
        return { disabled: false, consecutiveFailures: endpoint.consecutiveFailures };
      }
      const reason = `${endpoint.consecutiveFailures} failed attempts in a row (last: ${outcome.error ?? `HTTP ${outcome.statusCode}`})`;
      await tx.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: { enabled: false, disabledReason: reason, disabledAt: now },
      });
      await recordEvent(tx, {
        type: 'webhook.disabled',
        actor: 'system',
        targetType: 'webhook',
        targetId: endpoint.id,
        data: { url: endpoint.url, reason, consecutiveFailures: endpoint.consecutiveFailures },
        createdAt: now,
      });
      return { disabled: true, consecutiveFailures: endpoint.consecutiveFailures };
    });
  }

  /** The delivery log of one endpoint, newest event first; `nextBefore` pages on. */
  async deliveries(
    endpointId: string,
    query: { limit: number; before?: string },
  ): Promise<{ items: DeliveryRecord[]; nextBefore: string | null }> {
    const rows = await this.db.webhookDelivery.findMany({
      where: {
        endpointId,
        ...(query.before !== undefined && { eventId: { lt: BigInt(query.before) } }),
      },
      include: { attemptLog: { orderBy: { id: 'desc' }, take: ATTEMPTS_SHOWN } },
      orderBy: { eventId: 'desc' },
      take: query.limit + 1,
    });
    const more = rows.length > query.limit;
    const items = (more ? rows.slice(0, query.limit) : rows).map(toDelivery);
    return { items, nextBefore: more ? (items.at(-1)?.eventId ?? null) : null };
  }
}
