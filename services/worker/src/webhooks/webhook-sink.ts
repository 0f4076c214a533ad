import { isWebhookEventType } from '@cm/contracts';
import type { EventRecord, NewDelivery, WebhookRepository } from '@cm/db';
import { enqueueWebhookDeliveries, type WebhookQueue } from '@cm/queue';
import type { EventSink } from '../outbox-relay.ts';
import { WEBHOOK_TEST_EVENT, webhookPayload, webhookTestPayload } from './payload.ts';

/**
 * The outbox relay's webhook sink: each committed event an enabled endpoint subscribes to
 * becomes a delivery row (unique per endpoint and event) and a job on the `webhooks` queue (one
 * job id per endpoint and event). A batch that comes round again adds neither twice; a batch
 * whose rows were written but whose jobs were not (the process died) gets its jobs now.
 * A `webhook.test` event (an admin's test) goes to the one endpoint it names.
 */
export function webhookSink(webhooks: WebhookRepository, queue: WebhookQueue): EventSink {
  return {
    name: 'webhooks',
    async publish(batch) {
      const deliveries = [
        ...(await subscribedDeliveries(webhooks, batch)),
        ...(await testDeliveries(webhooks, batch)),
      ];
      const pending = await webhooks.recordDeliveries(deliveries);
      await enqueueWebhookDeliveries(
        queue,
        pending.map((d) => ({ deliveryId: d.id, endpointId: d.endpointId, eventId: d.eventId })),
      );
    },
  };
}

async function subscribedDeliveries(
  webhooks: WebhookRepository,
  batch: EventRecord[],
): Promise<NewDelivery[]> {
  const events = batch.filter((event) => isWebhookEventType(event.type));
  if (events.length === 0) return [];
  const endpoints = await webhooks.subscribers([...new Set(events.map((e) => e.type))]);
  if (endpoints.length === 0) return [];
  const reported = events.filter((e) => e.type === 'comment.reported').map((e) => e.targetId);
  const articles = await webhooks.commentArticles(reported);
  const deliveries: NewDelivery[] = [];
  for (const event of events) {
    if (!isWebhookEventType(event.type)) continue;
    const payload = webhookPayload(event, event.type, (id) => articles.get(id) ?? null);
    for (const endpoint of endpoints) {
      if (!endpoint.events.includes(event.type)) continue;
      deliveries.push({
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        payload: payload as unknown as NewDelivery['payload'],
        createdAt: event.createdAt,
      });
    }
  }
  return deliveries;
}

async function testDeliveries(
  webhooks: WebhookRepository,
  batch: EventRecord[],
): Promise<NewDelivery[]> {
  const tests = batch.filter((event) => event.type === WEBHOOK_TEST_EVENT);
  if (tests.length === 0) return [];
  const enabled = new Set(
    (await webhooks.enabledByIds(tests.map((e) => e.targetId))).map((w) => w.id),
  );
  return tests
    .filter((event) => enabled.has(event.targetId))
    .map((event) => ({
      endpointId: event.targetId,
      eventId: event.id,
      eventType: WEBHOOK_TEST_EVENT,
      payload: webhookTestPayload(event) as unknown as NewDelivery['payload'],
      createdAt: event.createdAt,
    }));
}
