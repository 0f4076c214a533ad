import type { EventLog, EventRecord } from '@cm/db';
import type { EventStream, LiveEvent } from '@cm/queue';
import type { Logger } from 'pino';

/**
 * Somewhere committed events go: the live stream for consoles, the webhook deliveries. A sink
 * that throws makes the whole batch stay unpublished and come round again, so every sink sees
 * every event at least once; sinks recognise repeats by the event id.
 */
export interface EventSink {
  name: string;
  publish(events: EventRecord[]): Promise<void>;
}

export interface OutboxRelayOptions {
  events: EventLog;
  sinks: EventSink[];
  logger: Logger;
  /** How long the relay rests when it found nothing to publish. */
  pollMs: number;
  /** Events published per transaction. */
  batchSize?: number;
}

export interface OutboxRelay {
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * The transactional outbox's relay: every worker process runs one. It publishes event rows whose
 * transaction has committed (see EventLog.relay: several relays share the work through
 * `FOR UPDATE SKIP LOCKED`), so a console or a webhook never hears of a change that rolled back,
 * and never misses one that committed — even if a process dies in between.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { events, sinks, logger, pollMs, batchSize = 500 } = options;
  const publish = async (batch: EventRecord[]) => {
    for (const sink of sinks) await sink.publish(batch);
  };
  let running = true;
  let wake: (() => void) | undefined;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  /** Publishes batches until one comes back short: nothing more is waiting. */
  const drain = async () => {
    while ((await events.relay(batchSize, publish)) === batchSize);
  };

  const loop = (async () => {
    let failures = 0;
    while (running) {
      try {
        await drain();
        failures = 0;
        if (running) await rest(pollMs);
      } catch (error) {
        failures += 1;
        const waitMs = Math.min(MAX_BACKOFF_MS, pollMs * 2 ** failures);
        logger.warn({ err: error, failures, retryInMs: waitMs }, 'outbox relay failed; will retry');
        if (running) await rest(waitMs);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}

/** The live stream as a sink: what consoles follow over server-sent events. */
export function liveStreamSink(stream: EventStream): EventSink {
  return {
    name: 'live-stream',
    async publish(batch) {
      await stream.append(batch.map(toLiveEvent));
    },
  };
}

const toLiveEvent = (event: EventRecord): LiveEvent => ({
  type: event.type,
  eventId: event.id,
  actor: event.actor,
  targetType: event.targetType,
  targetId: event.targetId,
  data: event.data,
  createdAt: event.createdAt.toISOString(),
});
