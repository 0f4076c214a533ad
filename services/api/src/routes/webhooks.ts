import {
  createWebhookBodySchema,
  patchWebhookBodySchema,
  webhookDeliveriesQuerySchema,
  WebhookNotFound,
  webhookIdSchema,
} from '@cm/contracts';
import type { DeliveryRecord, WebhookRecord } from '@cm/db';
import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { principalOf, type Auth } from '../http/auth.ts';
import { parseOr400, requireJson } from '../http/problem.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
  webhookDeliveries,
} from '../use-cases/webhooks.ts';

export const toWebhookDto = (record: WebhookRecord) => ({
  id: record.id,
  url: record.url,
  description: record.description,
  events: record.events,
  enabled: record.enabled,
  disabledReason: record.disabledReason,
  disabledAt: record.disabledAt?.toISOString() ?? null,
  consecutiveFailures: record.consecutiveFailures,
  createdBy: record.createdBy,
  createdAt: record.createdAt.toISOString(),
  updatedAt: record.updatedAt.toISOString(),
});

export const toDeliveryDto = (record: DeliveryRecord) => ({
  id: record.id,
  eventId: record.eventId,
  eventType: record.eventType,
  status: record.status,
  attempts: record.attempts,
  lastStatusCode: record.lastStatusCode,
  lastError: record.lastError,
  createdAt: record.createdAt.toISOString(),
  lastAttemptAt: record.lastAttemptAt?.toISOString() ?? null,
  deliveredAt: record.deliveredAt?.toISOString() ?? null,
  attemptLog: record.attemptLog.map((a) => ({
    attempt: a.attempt,
    statusCode: a.statusCode,
    error: a.error,
    durationMs: a.durationMs,
    at: a.at.toISOString(),
  })),
});

/** An unknown id and a malformed one are the same to the caller: no such webhook. */
function webhookId(req: Request): string {
  const id = webhookIdSchema.safeParse(req.params.id);
  if (!id.success) throw new WebhookNotFound(String(req.params.id));
  return id.data;
}

/** Admin-only: outbound webhook endpoints and their delivery logs. */
export function webhookRoutes(deps: AppDeps, auth: Auth): Router {
  const router = Router();
  const base = '/api/v1/admin/webhooks';
  router.use(base, (_req, res, next) => {
    // Responses may carry a signing secret, and always carry admin data.
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post(base, auth.requireAdmin, requireJson, async (req, res) => {
    const body = parseOr400(createWebhookBodySchema, req.body, 'body');
    const { webhook, secret } = await createWebhook(deps, body, principalOf(res).id);
    res
      .status(201)
      .location(`${base}/${webhook.id}`)
      .json({ ...toWebhookDto(webhook), secret });
  });

  router.get(base, auth.requireAdmin, async (_req, res) => {
    res.json({ items: (await deps.webhooks.endpoints.list()).map(toWebhookDto) });
  });

  router.get(`${base}/:id`, auth.requireAdmin, async (req, res) => {
    res.json(toWebhookDto(await getWebhook(deps, webhookId(req))));
  });

  router.patch(`${base}/:id`, auth.requireAdmin, requireJson, async (req, res) => {
    const id = webhookId(req);
    const body = parseOr400(patchWebhookBodySchema, req.body, 'body');
    res.json(toWebhookDto(await updateWebhook(deps, id, body, principalOf(res).id)));
  });

  router.delete(`${base}/:id`, auth.requireAdmin, async (req, res) => {
    await deleteWebhook(deps, webhookId(req), principalOf(res).id);
    res.status(204).end();
  });

  router.post(`${base}/:id/rotate-secret`, auth.requireAdmin, async (req, res) => {
    const { webhook, secret } = await rotateWebhookSecret(
      deps,
      webhookId(req),
      principalOf(res).id,
    );
    res.json({ ...toWebhookDto(webhook), secret });
  });

  router.post(`${base}/:id/test`, auth.requireAdmin, async (req, res) => {
    const eventId = await testWebhook(deps, webhookId(req), principalOf(res).id);
    res.status(202).json({ eventId, type: 'webhook.test' });
  });

  router.get(`${base}/:id/deliveries`, auth.requireAdmin, async (req, res) => {
    const id = webhookId(req);
    const query = parseOr400(webhookDeliveriesQuerySchema, req.query, 'query');
    const page = await webhookDeliveries(deps, id, query);
    res.json({ items: page.items.map(toDeliveryDto), nextBefore: page.nextBefore });
  });

  return router;
}
