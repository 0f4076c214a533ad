import { envSchemas, webhookTargetEnv } from '@cm/contracts';

/** The worker's webhook settings (spread into workerEnvSchema). */
export const webhookWorkerEnv = {
  ...webhookTargetEnv,
  WEBHOOK_TIMEOUT_MS: envSchemas.positiveInt
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe(
      'How long a webhook receiver has to answer (connect and response); longer counts as a failed attempt.',
    ),
  WEBHOOK_ATTEMPTS: envSchemas.positiveInt
    .max(1000)
    .default(12)
    .describe('Tries of one webhook delivery before it is recorded as failed.'),
  WEBHOOK_BACKOFF_MS: envSchemas.positiveInt
    .min(10)
    .default(5_000)
    .describe('Wait before the first retry of a webhook delivery; each next wait doubles.'),
  WEBHOOK_BACKOFF_MAX_MS: envSchemas.positiveInt
    .min(10)
    .default(3_600_000)
    .describe('Longest wait between two tries of a webhook delivery.'),
  WEBHOOK_DISABLE_AFTER_FAILURES: envSchemas.positiveInt
    .max(100_000)
    .default(50)
    .describe(
      'Failed attempts in a row (across its deliveries) after which an endpoint is disabled, with a webhook.disabled event.',
    ),
  WEBHOOK_CONCURRENCY: envSchemas.positiveInt
    .max(256)
    .default(4)
    .describe('Webhook deliveries one worker process makes at once (after comments: own queue).'),
};
