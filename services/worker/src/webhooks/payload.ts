import type { WebhookEventType } from '@cm/contracts';
import type { EventRecord } from '@cm/db';

/** An admin's test of an endpoint (POST /api/v1/admin/webhooks/:id/test). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** What a receiver gets: `{ type, timestamp, data }` (the Standard Webhooks payload shape). */
export interface WebhookPayload {
  type: WebhookEventType | typeof WEBHOOK_TEST_EVENT;
  /** When the change happened (ISO 8601), not when it was delivered. */
  timestamp: string;
  data: Record<string, unknown>;
}

const STATUS_OF = {
  'comment.approved': ['approved', 'approve'],
  'comment.held': ['pending', 'hold'],
  'comment.rejected': ['rejected', 'reject'],
} as const;

type Data = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The payload of one event, from its stored data. It names things by id and carries the why
 * (rules, reasons); it never carries the comment's text or the author's e-mail — a receiver that
 * needs more asks the API with its own credentials.
 */
export function webhookPayload(
  event: EventRecord,
  type: WebhookEventType,
  articleOf: (commentId: string) => string | null,
): WebhookPayload {
  const data = (event.data ?? {}) as Data;
  const manual = event.actor !== 'system';
  const base = { type, timestamp: event.createdAt.toISOString() };
  if (type === 'author.standing_changed') {
    return {
      ...base,
      data: {
        authorId: event.targetId,
        oldStanding: str(data.from),
        newStanding: str(data.to),
        until: str(data.until),
        reason: str(data.reason),
        moderatorId: event.actor,
      },
    };
  }
  if (type === 'comment.reported') {
    return {
      ...base,
      data: {
        commentId: event.targetId,
        articleId: articleOf(event.targetId),
        reason: str(data.reason),
      },
    };
  }
  const [status, action] = STATUS_OF[type];
  return {
    ...base,
    data: {
      commentId: event.targetId,
      articleId: str(data.articleId) ?? articleOf(event.targetId),
      status,
      action,
      decidedBy: manual ? 'moderator' : 'system',
      moderatorId: manual ? event.actor : null,
      // The system's decision says which rules fired; a moderator's, the reason they gave.
      rules: Array.isArray(data.rules) ? data.rules.filter((r) => typeof r === 'string') : [],
      reason: str(data.reason),
      ...(typeof data.policyVersion === 'number' && { policyVersion: data.policyVersion }),
      ...(manual && str(data.previousStatus) && { previousStatus: str(data.previousStatus) }),
    },
  };
}

export const webhookTestPayload = (event: EventRecord): WebhookPayload => ({
  type: WEBHOOK_TEST_EVENT,
  timestamp: event.createdAt.toISOString(),
  data: { webhookId: event.targetId, requestedBy: event.actor },
});
