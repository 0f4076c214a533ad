import { z } from 'zod';
import { DomainError } from './errors.ts';
import { humanText } from './text.ts';

/** The events an endpoint may subscribe to (the outbox's other types stay internal). */
export const WEBHOOK_EVENT_TYPES = [
  'comment.approved',
  'comment.held',
  'comment.rejected',
  'comment.reported',
  'author.standing_changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (type: string): type is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);

export const webhookIdSchema = z.uuid({ error: 'webhook ids are UUIDs' });

const MAX_URL_LENGTH = 2048;

/** Syntax only; whether the host may be reached is the target guard's call (webhook-target.ts). */
export const webhookUrlSchema = z
  .string({ error: (i) => (i.input === undefined ? 'url is required' : 'url must be a string') })
  .max(MAX_URL_LENGTH, `url must be at most ${MAX_URL_LENGTH} characters`)
  .refine((raw) => URL.canParse(raw), { message: 'url must be an absolute URL', abort: true })
  .refine((raw) => ['http:', 'https:'].includes(new URL(raw).protocol), {
    message: 'url must be http:// or https://',
    abort: true,
  })
  .refine((raw) => new URL(raw).username === '' && new URL(raw).password === '', {
    message: 'url must not carry a user name or password',
  })
  .meta({ description: 'Where events are POSTed (http or https).' });

const eventsSchema = z
  .array(
    z.enum(WEBHOOK_EVENT_TYPES, {
      error: `events are ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    }),
  )
  .min(1, 'events must name at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

export const createWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema,
  events: eventsSchema,
  description: humanText('description', 1, 500).optional(),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

export const patchWebhookBodySchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    description: humanText('description', 1, 500).nullable().optional(),
    enabled: z.boolean({ error: 'enabled must be true or false' }).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'send at least one of url, events, description, enabled',
  });
export type PatchWebhookBody = z.infer<typeof patchWebhookBodySchema>;

export const webhookDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The previous page's `nextBefore`. */
  before: z
    .string()
    .refine((raw) => /^\d{1,19}$/.test(raw) && BigInt(raw) <= 9_223_372_036_854_775_807n, {
      message: 'before must be the nextBefore of the previous page',
    })
    .optional(),
});

export const webhookSchema = z
  .strictObject({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: z.iso.datetime().nullable(),
    consecutiveFailures: z.int(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Webhook' });

export const webhookWithSecretSchema = webhookSchema
  .extend({
    secret: z.string().meta({
      description:
        'Signing secret (`whsec_<base64>`), shown in this response only: verify the webhook-signature header with it.',
    }),
  })
  .meta({ id: 'WebhookWithSecret' });

export const webhookListSchema = z
  .strictObject({ items: z.array(webhookSchema) })
  .meta({ id: 'WebhookList' });

export const webhookDeliverySchema = z
  .strictObject({
    id: z.uuid(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.int(),
    lastStatusCode: z.int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastAttemptAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    attemptLog: z.array(
      z.strictObject({
        attempt: z.int(),
        statusCode: z.int().nullable(),
        error: z.string().nullable(),
        durationMs: z.int(),
        at: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookDeliveryPageSchema = z
  .strictObject({ items: z.array(webhookDeliverySchema), nextBefore: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryPage' });

export const webhookTestAcceptedSchema = z
  .strictObject({ eventId: z.string(), type: z.literal('webhook.test') })
  .meta({ id: 'WebhookTestAccepted' });

export class WebhookNotFound extends DomainError {
  constructor(readonly webhookId: string) {
    super(`There is no webhook "${webhookId}".`);
  }
}

/** The URL's host is (or resolves to) an address webhooks may not reach (SSRF guard). */
export class WebhookTargetRefused extends DomainError {
  constructor(
    readonly url: string,
    readonly why: string,
  ) {
    super(`Webhooks may not be sent to ${url}: ${why}.`);
  }
}
