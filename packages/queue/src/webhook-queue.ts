import { Queue, Worker, type Processor } from 'bullmq';
import type { RedisClient } from './connection.ts';

/**
 * Outbound webhook deliveries: one job per (endpoint, event), on a queue of their own so a slow
 * or dead receiver never holds up comments (the worker runs it with its own, small concurrency).
 */
export const WEBHOOK_QUEUE = 'webhooks';
export const DELIVER_WEBHOOK_JOB = 'deliver';

export interface WebhookJob {
  /** webhook_deliveries.id: the row that says what to send and records each try. */
  deliveryId: string;
  endpointId: string;
  eventId: string;
}

export type WebhookQueue = Queue<WebhookJob, void, typeof DELIVER_WEBHOOK_JOB>;

export interface WebhookRetrySettings {
  /** Tries per delivery before it is recorded as failed. */
  attempts: number;
  /** The first retry's delay; each next one doubles, up to `backoffMaxMs`. */
  backoffMs: number;
  backoffMaxMs: number;
}

export const webhookRetryDelayMs = (attemptsMade: number, settings: WebhookRetrySettings) =>
  Math.min(settings.backoffMaxMs, settings.backoffMs * 2 ** Math.max(0, attemptsMade - 1));

/**
 * The job id is fixed by endpoint and event, so the same event queued twice for an endpoint
 * (a relay batch that came round again) is one job. (BullMQ refuses ":" in custom ids.)
 */
export const webhookJobId = (endpointId: string, eventId: string): string =>
  `wh-${endpointId}-${eventId}`;

export function createWebhookQueue(
  connection: RedisClient,
  prefix: string,
  settings: Pick<WebhookRetrySettings, 'attempts'>,
): WebhookQueue {
  return new Queue<WebhookJob, void, typeof DELIVER_WEBHOOK_JOB>(WEBHOOK_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: settings.attempts,
      backoff: { type: 'webhook-exponential' },
      // The delivery log lives in Postgres; the jobs are only the schedule.
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
    },
  });
}

/** Queues deliveries; ones already queued (same endpoint and event) are left as they are. */
export async function enqueueWebhookDeliveries(
  queue: WebhookQueue,
  jobs: WebhookJob[],
): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(
    jobs.map((job) => ({
      name: DELIVER_WEBHOOK_JOB,
      data: job,
      opts: { jobId: webhookJobId(job.endpointId, job.eventId) },
    })),
  );
}

export function createWebhookWorker(
  connection: RedisClient,
  prefix: string,
  processor: Processor<WebhookJob, void, typeof DELIVER_WEBHOOK_JOB>,
  options: WebhookRetrySettings & { concurrency: number },
): Worker<WebhookJob, void, typeof DELIVER_WEBHOOK_JOB> {
  return new Worker<WebhookJob, void, typeof DELIVER_WEBHOOK_JOB>(WEBHOOK_QUEUE, processor, {
    connection,
    prefix,
    autorun: false,
    concurrency: options.concurrency,
    lockDuration: 60_000,
    settings: {
      backoffStrategy: (attemptsMade: number) => webhookRetryDelayMs(attemptsMade, options),
    },
  });
}
