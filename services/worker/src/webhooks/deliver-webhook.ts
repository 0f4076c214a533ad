import { signWebhook, type WebhookTargetGuard } from '@cm/contracts';
import type { WebhookRepository } from '@cm/db';
import type { WebhookJob } from '@cm/queue';
import { sendWebhook } from './send.ts';

export interface DeliverWebhookDeps {
  webhooks: WebhookRepository;
  guard: WebhookTargetGuard;
  timeoutMs: number;
  disableAfter: number;
  now?: () => Date;
}

export type DeliveryResult =
  | { outcome: 'delivered'; statusCode: number | null; attempt: number }
  | { outcome: 'failed'; error: string; attempt: number; final: boolean; disabled: boolean }
  | { outcome: 'skipped'; why: string };

/** A failed try: BullMQ retries the job with the queue's backoff. */
export class WebhookAttemptFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookAttemptFailed';
  }
}

/**
 * One try of one delivery: load it, sign the stored payload, POST it, record the try. A
 * delivery already delivered (a job run twice) or whose endpoint was deleted or disabled is not
 * sent. The body is the same bytes on every try; the timestamp is the try's, as receivers check
 * it against their clock to refuse replays.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  job: WebhookJob,
  attempt: { number: number; last: boolean },
): Promise<DeliveryResult> {
  const now = deps.now ?? (() => new Date());
  const found = await deps.webhooks.delivery(job.deliveryId);
  if (!found) return { outcome: 'skipped', why: 'the endpoint or delivery was deleted' };
  const { delivery, endpoint } = found;
  if (delivery.status !== 'pending')
    return { outcome: 'skipped', why: `already ${delivery.status}` };
  if (!endpoint.enabled) {
    await deps.webhooks.abandon(delivery.id, 'endpoint disabled', now());
    return { outcome: 'skipped', why: 'endpoint disabled' };
  }
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(now().getTime() / 1000);
  const sent = await sendWebhook(
    endpoint.url,
    {
      'content-type': 'application/json',
      'user-agent': 'comment-moderation-webhooks/1',
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(endpoint.secret, delivery.eventId, timestamp, body),
    },
    body,
    { timeoutMs: deps.timeoutMs, guard: deps.guard },
  );
  const recorded = await deps.webhooks.recordAttempt(
    delivery.id,
    { ...sent, final: attempt.last },
    deps.disableAfter,
    now(),
  );
  // No more tries for an endpoint just disabled: an admin re-enables it and new events flow.
  if (recorded.disabled && !attempt.last) {
    await deps.webhooks.abandon(delivery.id, 'endpoint disabled', now());
  }
  if (sent.ok)
    return { outcome: 'delivered', statusCode: sent.statusCode, attempt: attempt.number };
  return {
    outcome: 'failed',
    error: sent.error ?? `HTTP ${sent.statusCode}`,
    attempt: attempt.number,
    final: attempt.last,
    disabled: recorded.disabled,
  };
}
