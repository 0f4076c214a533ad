import type { RedisClient } from './connection.ts';

/**
 * One live event as consoles and webhooks see it. Durable events come from the Postgres event
 * log (the outbox relay appends them); ephemeral ones (a moderator viewing a card: `comment.claimed`)
 * are appended directly and exist only here.
 */
export interface LiveEvent {
  type: string;
  /** The event log id for durable events; absent for ephemeral ones. */
  eventId?: string;
  actor: string;
  targetType: string;
  targetId: string;
  data: unknown;
  /** ISO 8601. */
  createdAt: string;
}

export interface StreamEntry {
  /** The Redis stream id: strictly increasing, the SSE `id:` a client sends back as Last-Event-ID. */
  id: string;
  event: LiveEvent;
}

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** True for a string that can be a stream position (a Last-Event-ID from a client may be anything). */
export const isStreamId = (value: string): boolean => STREAM_ID.test(value);

/**
 * The live event stream shared by every API and worker replica: one Redis stream
 * (`<prefix>:events`, one key, so it lives in one Cluster slot with the rest of the prefix),
 * capped to roughly `maxLength` entries — the retention window within which a reconnecting
 * console (Last-Event-ID) misses nothing.
 */
export class EventStream {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly maxLength = 100_000,
  ) {
    this.key = `${prefix}:events`;
  }

  /** Appends events in order, in one round trip; resolves with their stream ids. */
  async append(events: LiveEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const event of events)
      pipeline.xadd(this.key, 'MAXLEN', '~', this.maxLength, '*', 'e', JSON.stringify(event));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, id]) => {
      if (error) throw error;
      return id as string;
    });
  }

  /** Entries strictly after `after` ('0' = from the oldest kept), oldest first. */
  async readAfter(after: string, count = 500): Promise<StreamEntry[]> {
    const rows = await this.redis.xrange(this.key, `(${after}`, '+', 'COUNT', count);
    return rows.flatMap(parse);
  }

  /**
   * Waits up to `blockMs` for entries after `after`. Blocks its connection: give it a connection
   * of its own (`duplicateRedis`), never the shared client.
   */
  async waitAfter(
    connection: RedisClient,
    after: string,
    blockMs: number,
    count = 500,
  ): Promise<StreamEntry[]> {
    const result = await connection.xread(
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.key,
      after,
    );
    return result?.[0]?.[1].flatMap(parse) ?? [];
  }

  /** The id of the newest entry ('0-0' when empty): where a new subscriber starts. */
  async lastId(): Promise<string> {
    const rows = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    return rows[0]?.[0] ?? '0-0';
  }

  /** The id of the oldest entry still kept, or null: a Last-Event-ID before it may have lost events. */
  async firstId(): Promise<string | null> {
    const rows = await this.redis.xrange(this.key, '-', '+', 'COUNT', 1);
    return rows[0]?.[0] ?? null;
  }
}

function parse([id, fields]: [string, string[]]): StreamEntry[] {
  const index = fields.indexOf('e');
  if (index === -1 || fields[index + 1] === undefined) return [];
  try {
    return [{ id, event: JSON.parse(fields[index + 1]!) as LiveEvent }];
  } catch {
    return []; // not ours: skip rather than break every console
  }
}
