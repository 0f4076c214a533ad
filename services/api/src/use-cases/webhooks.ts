import {
  newWebhookSecret,
  WebhookNotFound,
  WebhookTargetRefused,
  type CreateWebhookBody,
  type PatchWebhookBody,
  type WebhookTargetGuard,
} from '@cm/contracts';
import type { DeliveryRecord, WebhookRecord, WebhookRepository } from '@cm/db';

export interface WebhooksDeps {
  webhooks: { endpoints: WebhookRepository; guard: WebhookTargetGuard };
}

/** Refuses a URL whose host is, or resolves to, an internal address (the SSRF guard). */
async function checkTarget(deps: WebhooksDeps, url: string): Promise<void> {
  const why = await deps.webhooks.guard.url(url);
  if (why) throw new WebhookTargetRefused(url, why);
}

/** Registers an endpoint with a new signing secret, returned here and never again. */
export async function createWebhook(
  deps: WebhooksDeps,
  input: CreateWebhookBody,
  actor: string,
): Promise<{ webhook: WebhookRecord; secret: string }> {
  await checkTarget(deps, input.url);
  const secret = newWebhookSecret();
  const webhook = await deps.webhooks.endpoints.create(
    { url: input.url, events: input.events, description: input.description ?? null, secret },
    actor,
  );
  return { webhook, secret };
}

export async function getWebhook(deps: WebhooksDeps, id: string): Promise<WebhookRecord> {
  const webhook = await deps.webhooks.endpoints.get(id);
  if (!webhook) throw new WebhookNotFound(id);
  return webhook;
}

/** Changes an endpoint; `enabled: true` re-enables it with a clean failure count. */
export async function updateWebhook(
  deps: WebhooksDeps,
  id: string,
  change: PatchWebhookBody,
  actor: string,
): Promise<WebhookRecord> {
  if (change.url !== undefined) await checkTarget(deps, change.url);
  const updated = await deps.webhooks.endpoints.update(id, change, actor);
  if (!updated) throw new WebhookNotFound(id);
  return updated;
}

export async function deleteWebhook(deps: WebhooksDeps, id: string, actor: string): Promise<void> {
  if (!(await deps.webhooks.endpoints.delete(id, actor))) throw new WebhookNotFound(id);
}

/** A new signing secret (the old one stops working at once), returned this once. */
export async function rotateWebhookSecret(
  deps: WebhooksDeps,
  id: string,
  actor: string,
): Promise<{ webhook: WebhookRecord; secret: string }> {
  const secret = newWebhookSecret();
  const webhook = await deps.webhooks.endpoints.rotateSecret(id, secret, actor);
  if (!webhook) throw new WebhookNotFound(id);
  return { webhook, secret };
}

export async function webhookDeliveries(
  deps: WebhooksDeps,
  id: string,
  query: { limit: number; before?: string | undefined },
): Promise<{ items: DeliveryRecord[]; nextBefore: string | null }> {
  await getWebhook(deps, id);
  return deps.webhooks.endpoints.deliveries(id, {
    limit: query.limit,
    ...(query.before !== undefined && { before: query.before }),
  });
}

/** Sends the endpoint a signed `webhook.test` event through the real path; returns its event id. */
export async function testWebhook(deps: WebhooksDeps, id: string, actor: string): Promise<string> {
  const eventId = await deps.webhooks.endpoints.requestTest(id, actor);
  if (eventId === null) throw new WebhookNotFound(id);
  return eventId;
}
