import type { EventStream, LiveEvent, StreamEntry } from '@cm/queue';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { EventHub } from './event-hub.ts';
import { HttpProblem } from './problem.ts';

export interface LiveEventsOptions {
  stream: EventStream;
  hub: EventHub;
  logger: Logger;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
  /** A client this far behind (bytes not yet sent) is cut off; it reconnects with Last-Event-ID. */
  maxBufferedBytes?: number;
}

export interface Subscription {
  /** Replay entries strictly after this stream id (a valid Last-Event-ID); absent: from now. */
  after?: string;
  /** Which events this client may see. */
  visible: (event: LiveEvent) => boolean;
  /** Who follows the stream (a moderator id, or "admin"): revoking them ends it at once. */
  moderatorId?: string;
}

/** Stream ids ("<ms>-<seq>") in their real order (string order is wrong: "9-0" > "10-0"). */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split('-').map(BigInt);
  const [bm = 0n, bs = 0n] = b.split('-').map(BigInt);
  return am === bm ? (as === bs ? 0 : as < bs ? -1 : 1) : am < bm ? -1 : 1;
}

const oneLine = (text: string) => text.replace(/[\r\n]/g, ' ');

/**
 * Server-sent events for the moderators' consoles: each open response follows the live stream
 * through this process's EventHub. A reconnecting client (Last-Event-ID) first gets what it
 * missed from Redis, then the live entries, with no gap and no repeat. The API's stop ends every
 * open stream, so shutting down never waits on a console.
 */
export class LiveEvents {
  private readonly open = new Set<Response>();
  private closed = false;

  constructor(private readonly options: LiveEventsOptions) {}

  /** Clients connected to this process right now. */
  get connections(): number {
    return this.open.size;
  }

  /**
   * An event that exists only on the live stream (a moderator opening a card). Best effort:
   * a claim must not fail because the consoles could not be told about it.
   */
  async announce(event: LiveEvent): Promise<void> {
    try {
      await this.options.stream.append([event]);
    } catch (error) {
      this.options.logger.warn({ err: error, type: event.type }, 'could not announce live event');
    }
  }

  async serve(req: Request, res: Response, subscription: Subscription): Promise<void> {
    if (this.closed)
      throw new HttpProblem(503, 'unavailable', 'Service Unavailable', 'The API is stopping.');
    const { stream, hub, heartbeatMs = 15_000, maxBufferedBytes = 1 << 20 } = this.options;
    let replaying = true;
    const waiting: StreamEntry[] = [];
    const write = (entries: StreamEntry[]) => {
      if (res.writableEnded || res.destroyed) return;
      for (const { id, event } of entries) {
        if (
          event.type === 'moderator.revoked' &&
          subscription.moderatorId !== undefined &&
          event.targetId === subscription.moderatorId
        ) {
          // The token that opened this stream no longer opens anything: say so, and stop.
          res.end(
            `id: ${id}\nevent: revoked\ndata: ${JSON.stringify({ moderatorId: event.targetId })}\n\n`,
          );
          return;
        }
        if (subscription.visible(event))
          res.write(`id: ${id}\nevent: ${oneLine(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
      }
      // A client that does not read must not grow this process's memory without bound.
      if (res.writableLength > maxBufferedBytes) res.end();
    };
    const listener = (entries: StreamEntry[]) => {
      if (replaying) waiting.push(...entries);
      else write(entries);
    };
    const position = await hub.subscribe(listener);
    let heartbeat: NodeJS.Timeout | undefined;
    const cleanup = () => {
      clearInterval(heartbeat);
      hub.unsubscribe(listener);
      this.open.delete(res);
    };
    res.on('close', cleanup);
    if (res.destroyed || req.socket.destroyed) return cleanup(); // gone while we subscribed
    try {
      res.status(200);
      res.set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // Proxies (nginx) must pass each event on at once rather than buffer the response.
        'X-Accel-Buffering': 'no',
        // A stream is never reused for another request: when it ends, so does its connection.
        Connection: 'close',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      this.open.add(res);
      res.flushHeaders();
      res.write(`retry: 2000\n\n`);

      let replayed = 0;
      const after = subscription.after;
      if (after !== undefined) {
        const first = await stream.firstId();
        const lost =
          compareStreamIds(after, position) > 0 ||
          (first !== null && compareStreamIds(after, first) < 0);
        if (lost) {
          // Older than what Redis keeps (or from a stream that was emptied): events may be
          // missing, so the client reloads its lists instead of trusting a partial replay.
          res.write(`id: ${position}\nevent: reset\ndata: ${JSON.stringify({ position })}\n\n`);
        } else {
          let cursor = after;
          while (compareStreamIds(cursor, position) < 0 && !res.destroyed) {
            const page = (await stream.readAfter(cursor)).filter(
              (entry) => compareStreamIds(entry.id, position) <= 0,
            );
            if (page.length === 0) break;
            write(page);
            replayed += page.length;
            cursor = page.at(-1)!.id;
          }
        }
      }
      if (res.writableEnded || res.destroyed) return;
      // The position, so a client that heard nothing yet still has a Last-Event-ID to come back with.
      res.write(
        `id: ${position}\nevent: ready\ndata: ${JSON.stringify({ position, replayed })}\n\n`,
      );
      replaying = false;
      write(waiting.splice(0));
      heartbeat = setInterval(() => {
        if (!res.writableEnded && !res.destroyed) res.write(': heartbeat\n\n');
      }, heartbeatMs);
      heartbeat.unref();
    } catch (error) {
      // Redis failed mid-replay: headers are gone, so end the stream; the client reconnects.
      req.log.warn({ err: error }, 'live event replay failed');
      res.end();
    }
  }

  /** Ends every open stream and stops reading Redis; later requests get a 503. */
  async stop(): Promise<void> {
    this.closed = true;
    for (const res of this.open) res.end();
    this.open.clear();
    await this.options.hub.stop();
  }
}
