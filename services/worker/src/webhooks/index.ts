import { targetPolicyOf, webhookTargetGuard, type WebhookTargetPolicy } from '@cm/contracts';
import { WebhookRepository, type Database } from '@cm/db';
import { createWebhookQueue, createWebhookWorker, UnrecoverableError } from '@cm/queue';
import type { RedisClient } from '@cm/queue';
import type { Logger } from 'pino';
import type { EventSink } from '../outbox-relay.ts';
import { deliverWebhook, WebhookAttemptFailed } from './deliver-webhook.ts';
import { webhookSink } from './webhook-sink.ts';

export interface WebhookDeliveryConfig {
  QUEUE_PREFIX: string;
  WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean;
  WEBHOOK_ALLOWED_TARGETS: string[];
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_ATTEMPTS: number;
  WEBHOOK_BACKOFF_MS: number;
  WEBHOOK_BACKOFF_MAX_MS: number;
  WEBHOOK_DISABLE_AFTER_FAILURES: number;
  WEBHOOK_CONCURRENCY: number;
}

export interface RunningWebhooks {
  /** For the outbox relay: turns committed events into queued deliveries. */
  sink: EventSink;
  stop(): Promise<void>;
}

/**
 * The worker's webhook side: the outbox sink that queues deliveries, and a BullMQ worker on the
 * `webhooks` queue that signs and sends them, retrying with exponential backoff, recording
 * every try, and disabling an endpoint after a long run of failures.
 */
export async function startWebhookDelivery(
  config: WebhookDeliveryConfig,
  deps: { db: Database; redis: RedisClient; logger: Logger },
): Promise<RunningWebhooks> {
  const { db, redis } = deps;
  const logger = deps.logger.child({ component: 'webhooks' });
  const webhooks = new WebhookRepository(db);
  const policy: WebhookTargetPolicy = targetPolicyOf(config);
  const retry = {
    attempts: config.WEBHOOK_ATTEMPTS,
    backoffMs: config.WEBHOOK_BACKOFF_MS,
    backoffMaxMs: config.WEBHOOK_BACKOFF_MAX_MS,
  };
  const queue = createWebhookQueue(redis, config.QUEUE_PREFIX, retry);
  queue.on('error', (error) => logger.warn({ err: error }, 'webhook queue connection error'));
  const deliverDeps = {
    webhooks,
    guard: webhookTargetGuard(policy),
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    disableAfter: config.WEBHOOK_DISABLE_AFTER_FAILURES,
  };
  const worker = createWebhookWorker(
    redis,
    config.QUEUE_PREFIX,
    async (job) => {
      const attempts = job.opts.attempts ?? 1;
      const attempt = { number: job.attemptsMade + 1, last: job.attemptsMade + 1 >= attempts };
      const log = logger.child({ jobId: job.id, ...job.data });
      const result = await deliverWebhook(deliverDeps, job.data, attempt);
      if (result.outcome === 'failed') {
        if (result.disabled) {
          log.error({ error: result.error }, 'webhook endpoint disabled after repeated failures');
          throw new UnrecoverableError(`endpoint disabled: ${result.error}`);
        }
        // A receiver being down heals itself (warn) until the tries run out.
        log[result.final ? 'error' : 'warn'](
          { attempt: result.attempt, error: result.error },
          result.final ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
        );
        throw new WebhookAttemptFailed(result.error);
      }
      log.info(result, `webhook ${result.outcome}`);
    },
    { ...retry, concurrency: config.WEBHOOK_CONCURRENCY },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'webhook worker connection error'));
  void worker.run();
  await worker.waitUntilReady();
  let stopping: Promise<void> | undefined;
  return {
    sink: webhookSink(webhooks, queue),
    stop: () =>
      (stopping ??= (async () => {
        await worker.close();
        await queue.close();
      })()),
  };
}
