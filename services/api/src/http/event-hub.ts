import type { EventStream, StreamEntry } from '@cm/queue';
import type { RedisClient } from '@cm/queue';
import type { Logger } from 'pino';

export type EntryListener = (entries: StreamEntry[]) => void;

export interface EventHubOptions {
  stream: EventStream;
  /** Opens the hub's own connection for blocking reads (never the shared client). */
  connect: () => RedisClient;
  logger: Logger;
  /** How long one blocking read waits before it asks again (and notices a stop). */
  blockMs?: number;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * One blocking reader of the live stream per API process, fanning out in memory to every
 * server-sent-events client of this process: a hundred open consoles cost one Redis connection,
 * not a hundred. It starts with the first subscriber and reads from "now"; what came before is a
 * subscriber's own replay (`EventStream.readAfter`), up to the position `subscribe` returns.
 */
export class EventHub {
  private readonly listeners = new Set<EntryListener>();
  private connection: RedisClient | undefined;
  private loop: Promise<void> | undefined;
  /** The id of the last entry handed to listeners; everything after it is still to come. */
  private position: string | undefined;
  private starting: Promise<string> | undefined;
  private stopped = false;

  constructor(private readonly options: EventHubOptions) {}

  get subscribers(): number {
    return this.listeners.size;
  }

  /**
   * Adds a listener and resolves with the hub's position: the listener gets every entry after
   * it, in order, and nothing at or before it.
   */
  async subscribe(listener: EntryListener): Promise<string> {
    if (this.stopped) throw new Error('the event hub has stopped');
    if (this.position === undefined)
      await (this.starting ??= this.start().catch((error: unknown) => {
        this.starting = undefined; // Redis did not answer: the next subscriber tries again
        throw error;
      }));
    // Synchronously with reading the position: entries are dispatched synchronously too, so
    // nothing can fall between the two.
    this.listeners.add(listener);
    return this.position!;
  }

  unsubscribe(listener: EntryListener): void {
    this.listeners.delete(listener);
  }

  private async start(): Promise<string> {
    const { stream, connect, logger, blockMs = 5_000 } = this.options;
    const start = await stream.lastId();
    this.position = start;
    const connection = (this.connection = connect());
    connection.on('error', (error) => logger.warn({ err: error }, 'live stream reader error'));
    this.loop = (async () => {
      let failures = 0;
      while (!this.stopped) {
        try {
          const entries = await stream.waitAfter(connection, this.position!, blockMs);
          failures = 0;
          if (entries.length === 0 || this.stopped) continue;
          this.position = entries.at(-1)!.id;
          for (const listener of this.listeners) {
            try {
              listener(entries);
            } catch (error) {
              logger.warn({ err: error }, 'a live-event listener failed');
            }
          }
        } catch (error) {
          if (this.stopped) break;
          failures += 1;
          const waitMs = Math.min(MAX_BACKOFF_MS, 100 * 2 ** failures);
          logger.warn({ err: error, retryInMs: waitMs }, 'live stream read failed; will retry');
          await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
    })();
    return start;
  }

  /** Stops reading (a blocked read is cut off at once) and forgets every listener. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    await this.starting?.catch(() => undefined);
    this.connection?.disconnect();
    await this.loop;
  }
}
