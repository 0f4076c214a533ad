import {
  acceptedCommentSchema,
  addAuthorNoteBodySchema,
  authorKeySchema,
  authorNoteSchema,
  authorSchema,
  articleIdSchema,
  articleListSchema,
  articleSchema,
  auditPageSchema,
  auditQuerySchema,
  claimSchema,
  backtestIdPathSchema,
  backtestSchema,
  commentIdSchema,
  commentStatusResponseSchema,
  createdModeratorSchema,
  createModeratorBodySchema,
  failedJobsPageSchema,
  failedJobsQuerySchema,
  retriedJobsSchema,
  healthSchema,
  idempotencyKeySchema,
  moderationActionBodySchema,
  moderationItemSchema,
  moderationPageSchema,
  moderationQuerySchema,
  policyDiffQuerySchema,
  policyDiffSchema,
  policyVersionListSchema,
  policyVersionPathSchema,
  policyVersionSchema,
  postCommentBodySchema,
  problemSchema,
  putArticleBodySchema,
  putPolicyBodySchema,
  putAuthorStandingBodySchema,
  readerIdSchema,
  readinessSchema,
  reportBodySchema,
  reportReceivedSchema,
  precisionQuerySchema,
  precisionReportSchema,
  scorerModelListSchema,
  trainingAcceptedSchema,
  trainingJobIdSchema,
  trainingRunSchema,
  startBacktestBodySchema,
  threadPageSchema,
  threadQuerySchema,
  createWebhookBodySchema,
  patchWebhookBodySchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryPageSchema,
  webhookIdSchema,
  webhookListSchema,
  webhookSchema,
  webhookWithSecretSchema,
  webhookTestAcceptedSchema,
} from '@cm/contracts';
import { z } from 'zod';
import { createDocument, type ZodOpenApiResponsesObject } from 'zod-openapi';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});
const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const articlePath = z.object({ articleId: articleIdSchema });
const commentPath = z.object({ id: commentIdSchema });
const webhookPath = z.object({ id: webhookIdSchema });
const authorPath = z.object({
  key: authorKeySchema.meta({
    description: 'The author key from a moderation item (URL-encoded; SSO authors: `sso:<sub>`).',
  }),
});
const authErrors: ZodOpenApiResponsesObject = {
  '401': problem('No token, or a token the service does not know.'),
  '403': problem('A valid token without the role this needs.'),
  '429': problem(
    'Too many failed authentications from this address (AUTH_FAILURES_PER_WINDOW); any token is refused until Retry-After.',
  ),
};
const moderator = [{ bearer: [] }];
/** Anyone may call it: an explicit empty requirement, so generated clients send no token. */
const open: [] = [];

/**
 * The v1 contract as OpenAPI 3.1, generated from the same zod schemas the routes parse
 * requests with and the contract tests parse responses with.
 */
export function buildOpenApiDocument(options: { jsonBodyLimit: string }) {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Comment moderation API',
      version: '1.0.0',
      description:
        'Reader comments for news sites, moderated before they are shown. Every error is RFC 9457 ' +
        `application/problem+json. Request bodies are JSON, at most ${options.jsonBodyLimit}.`,
    },
    // Relative: the document describes the host that serves it.
    servers: [{ url: '/', description: 'The service that serves this document.' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Admin or moderator token.' },
        readerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "The host site's sign-in token for the reader (SSO_JWT_SECRET or SSO_JWKS_URL); optional unless COMMENTS_REQUIRE_SSO.",
        },
      },
    },
    paths: {
      '/api/v1/articles': {
        get: {
          operationId: 'listArticles',
          summary: 'List articles',
          security: open,
          responses: { '200': json(articleListSchema, 'The articles, newest first.') },
        },
      },
      '/api/v1/articles/{articleId}': {
        get: {
          operationId: 'getArticle',
          summary: 'Get an article',
          security: open,
          requestParams: { path: articlePath },
          responses: {
            '200': json(articleSchema, 'The article.'),
            '404': problem('No such article.'),
          },
        },
        put: {
          operationId: 'putArticle',
          summary: 'Create or update an article (admin)',
          security: [{ bearer: [] }],
          requestParams: { path: articlePath },
          requestBody: body(putArticleBodySchema),
          responses: {
            '200': json(articleSchema, 'Updated; omitted fields kept their value.'),
            '201': json(articleSchema, 'Created.'),
            '400': problem('Invalid body; `errors` names each field.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/articles/{articleId}/comments': {
        post: {
          operationId: 'postComment',
          summary: 'Post a comment or a reply',
          description:
            "Signed-in readers send the host site's token (`Authorization: Bearer <JWT>` or the body's `token`): they post as `sso:<sub>` under the token's name.",
          security: [{}, { readerToken: [] }],
          requestParams: {
            path: articlePath,
            header: z.object({
              'idempotency-key': idempotencyKeySchema.optional().meta({
                description:
                  'The same key again returns the same comment id and creates nothing new.',
              }),
            }),
          },
          requestBody: body(postCommentBodySchema),
          responses: {
            '202': json(
              acceptedCommentSchema,
              'Accepted and queued for moderation (stored in Redis before this answer).',
            ),
            '400': problem('Invalid body; `errors` names each field.'),
            '401': problem(
              'The sign-in token is invalid, forged or expired (`invalid-token`), or the service accepts signed-in readers only (`sign-in-required`).',
            ),
            '403': problem(
              'The author is suspended (`author-suspended`, with `until`) or banned (`author-banned`); nothing was queued.',
            ),
            '404': problem('No such article, or no published comment to reply to.'),
            '409': problem('Comments on this article are closed.'),
            '413': problem('Body larger than the limit.'),
            '415': problem('The body is not JSON.'),
            '422': problem('The Idempotency-Key was used for a different comment.'),
            '429': problem('Too many comments from this author or address; see Retry-After.'),
            '503': problem(
              'The database or the queue cannot be reached; nothing was stored; see Retry-After.',
            ),
          },
        },
        get: {
          operationId: 'listApprovedComments',
          summary: 'The approved thread',
          security: open,
          requestParams: { path: articlePath, query: threadQuerySchema },
          responses: {
            '200': json(
              threadPageSchema,
              'Approved comments only; ETag and Cache-Control for caches.',
            ),
            '400': problem('Invalid query or cursor.'),
            '404': problem('No such article.'),
          },
        },
      },
      '/api/v1/comments/{id}/status': {
        get: {
          operationId: 'getCommentStatus',
          summary: "A comment's moderation status (the id is the capability)",
          security: open,
          requestParams: { path: commentPath },
          responses: {
            '200': json(commentStatusResponseSchema, 'pending until decided.'),
            '404': problem('No such comment.'),
          },
        },
      },
      '/api/v1/comments/{id}/reports': {
        post: {
          operationId: 'reportComment',
          summary: 'Report a comment to the moderators',
          security: open,
          requestParams: {
            path: commentPath,
            header: z.object({
              'x-reader-id': readerIdSchema.optional().meta({
                description:
                  "The widget's random id for this browser: readers behind one address count apart. Optional.",
              }),
            }),
          },
          requestBody: body(reportBodySchema),
          responses: {
            '202': json(
              reportReceivedSchema,
              'Received. One report per reader per comment: a repeat gets the same answer and counts once.',
            ),
            '400': problem('Invalid body or X-Reader-Id; `errors` names each field.'),
            '404': problem('No such comment.'),
            '415': problem('The body is not JSON.'),
            '429': problem('Too many reports from this reader or address; see Retry-After.'),
            '503': problem('The database or the queue cannot be reached; see Retry-After.'),
          },
        },
      },
      '/api/v1/moderation/comments': {
        get: {
          operationId: 'listModerationQueue',
          summary: 'A moderation queue',
          security: moderator,
          requestParams: { query: moderationQuerySchema },
          responses: {
            '200': json(
              moderationPageSchema,
              'Pending oldest first; approved and rejected newest first.',
            ),
            '400': problem('Invalid query.'),
            ...authErrors,
          },
        },
      },
      ...Object.fromEntries(
        (['approve', 'reject'] as const).map((action) => [
          `/api/v1/moderation/comments/{id}/${action}`,
          {
            post: {
              operationId: `${action}Comment`,
              summary: `${action === 'approve' ? 'Approve' : 'Reject'} a comment`,
              security: moderator,
              requestParams: { path: commentPath },
              requestBody: {
                required: false,
                content: { 'application/json': { schema: moderationActionBodySchema } },
              },
              responses: {
                '200': json(moderationItemSchema, 'The updated comment.'),
                '400': problem('Invalid body.'),
                '404': problem('No such stored comment.'),
                '409': problem(
                  'The comment is no longer in `expectedStatus`: someone decided first. `decidedBy` ({ id, name }), `action`, `decidedAt` and `commentStatus` describe the decision that won; nothing was written.',
                ),
                ...authErrors,
              },
            },
          },
        ]),
      ),
      '/api/v1/authors/{key}': {
        get: {
          operationId: 'getAuthor',
          summary: 'An author: standing, counts, latest comments, notes',
          security: moderator,
          requestParams: { path: authorPath },
          responses: {
            '200': json(authorSchema, 'The author.'),
            '404': problem('No such author.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/authors/{key}/standing': {
        put: {
          operationId: 'setAuthorStanding',
          summary: "Set an author's standing",
          security: moderator,
          requestParams: { path: authorPath },
          requestBody: body(putAuthorStandingBodySchema),
          responses: {
            '200': json(
              authorSchema,
              'The author with the new standing (applies to their next POST).',
            ),
            '400': problem('Invalid body; `errors` names each field.'),
            '404': problem('No such author.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/authors/{key}/notes': {
        post: {
          operationId: 'addAuthorNote',
          summary: 'Add a note about an author',
          security: moderator,
          requestParams: { path: authorPath },
          requestBody: body(addAuthorNoteBodySchema),
          responses: {
            '201': json(authorNoteSchema, 'The note.'),
            '400': problem('Invalid body.'),
            '404': problem('No such author.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/moderation/comments/{id}/claim': {
        post: {
          operationId: 'claimComment',
          summary: 'Claim a comment while reviewing it (renews your own claim)',
          security: moderator,
          requestParams: { path: commentPath },
          responses: {
            '200': json(claimSchema, 'Yours until `expiresAt`; claim again to renew.'),
            '404': problem('No such stored comment.'),
            '409': problem('Another moderator holds the claim: `claimedBy`, `expiresAt`.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/moderation/events': {
        get: {
          operationId: 'followModerationEvents',
          summary: 'The live queue: server-sent events',
          description:
            'A `text/event-stream` that stays open. Each message: `id:` the stream position, `event:` the type (`comment.held`, `comment.approved`, `comment.rejected`, `comment.reported`, `comment.flagged`, `comment.hidden`, `comment.claimed`, `author.standing_changed`, `policy.*`, `model.*`, `article.*`; `moderator.*` for admin tokens only), `data:` the event as JSON `{ type, eventId?, actor, targetType, targetId, data, createdAt }` (`actor`: `system` for the pipeline, a moderator id for a moderator). First `event: ready` (with the current position as its `id`), then the events; a comment line every 15 s keeps the connection open. With `Last-Event-ID` the events after it are replayed first; an id older than the retention window (about 100,000 events) gets `event: reset` instead: reload the lists.',
          security: moderator,
          requestParams: {
            header: z.object({
              'last-event-id': z
                .string()
                .regex(/^\d{1,20}-\d{1,20}$/)
                .optional()
                .meta({ description: 'The last `id:` received: replay everything after it.' }),
            }),
          },
          responses: {
            '200': {
              description: 'The event stream (never ends by itself).',
              content: { 'text/event-stream': { schema: z.string() } },
            },
            '400': problem('A Last-Event-ID this stream cannot have sent.'),
            ...authErrors,
            '503': problem('Redis cannot be reached, or the API is stopping: reconnect.'),
          },
        },
      },
      '/api/v1/admin/moderators': {
        post: {
          operationId: 'createModerator',
          summary: 'Create a moderator token (admin)',
          security: moderator,
          requestBody: body(createModeratorBodySchema),
          responses: {
            '201': json(createdModeratorSchema, 'The token is in this response only.'),
            '400': problem('Invalid body.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/moderators/{id}': {
        delete: {
          operationId: 'revokeModerator',
          summary: 'Revoke a moderator token (admin)',
          security: moderator,
          requestParams: { path: commentPath },
          responses: {
            '204': { description: 'Revoked.' },
            '404': problem('No such moderator.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/jobs/failed': {
        get: {
          operationId: 'listFailedJobs',
          summary: 'Needs attention: comments whose processing failed for good (admin)',
          security: moderator,
          requestParams: { query: failedJobsQuerySchema },
          responses: {
            '200': json(failedJobsPageSchema, 'Newest failure first, with the last error.'),
            '400': problem('Invalid query.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/jobs/{id}/retry': {
        post: {
          operationId: 'retryFailedJob',
          summary: "Re-run one failed comment's job (admin)",
          security: moderator,
          requestParams: { path: commentPath },
          responses: {
            '202': json(acceptedCommentSchema, 'Back in the queue; it will be decided once.'),
            '409': problem('The comment has no failed job (unknown, or retried already).'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/webhooks': {
        post: {
          operationId: 'createWebhook',
          summary: 'Register an outbound webhook endpoint (admin)',
          description:
            'Events are POSTed as JSON `{ type, timestamp, data }`, signed per Standard Webhooks ' +
            '(`webhook-id`, `webhook-timestamp`, `webhook-signature`). Internal addresses are ' +
            'refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS or WEBHOOK_ALLOWED_TARGETS allow them.',
          security: moderator,
          requestBody: body(createWebhookBodySchema),
          responses: {
            '201': json(webhookWithSecretSchema, 'The signing secret is in this response only.'),
            '400': problem('Invalid body, or a URL that is (or resolves to) an internal address.'),
            ...authErrors,
          },
        },
        get: {
          operationId: 'listWebhooks',
          summary: 'Webhook endpoints, oldest first (admin)',
          security: moderator,
          responses: {
            '200': json(webhookListSchema, 'Every endpoint (no secrets).'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/webhooks/{id}': {
        get: {
          operationId: 'getWebhook',
          summary: 'One webhook endpoint (admin)',
          security: moderator,
          requestParams: { path: webhookPath },
          responses: {
            '200': json(webhookSchema, 'The endpoint (no secret).'),
            '404': problem('No such webhook.'),
            ...authErrors,
          },
        },
        patch: {
          operationId: 'updateWebhook',
          summary: 'Change URL, events, description or enabled (admin)',
          description: 'Re-enabling a disabled endpoint resets its failure count.',
          security: moderator,
          requestParams: { path: webhookPath },
          requestBody: body(patchWebhookBodySchema),
          responses: {
            '200': json(webhookSchema, 'The endpoint as it is now.'),
            '400': problem('Invalid body, or a refused URL.'),
            '404': problem('No such webhook.'),
            ...authErrors,
          },
        },
        delete: {
          operationId: 'deleteWebhook',
          summary: 'Delete a webhook endpoint and its delivery log (admin)',
          security: moderator,
          requestParams: { path: webhookPath },
          responses: {
            '204': { description: 'Deleted; queued deliveries are dropped.' },
            '404': problem('No such webhook.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/webhooks/{id}/rotate-secret': {
        post: {
          operationId: 'rotateWebhookSecret',
          summary: 'Replace the signing secret (admin)',
          security: moderator,
          requestParams: { path: webhookPath },
          responses: {
            '200': json(webhookWithSecretSchema, 'The new secret, in this response only.'),
            '404': problem('No such webhook.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/webhooks/{id}/test': {
        post: {
          operationId: 'testWebhook',
          summary: 'Send the endpoint a signed webhook.test event (admin)',
          description:
            'Through the outbox and the webhooks queue like any event; its delivery appears in the ' +
            'log. A disabled endpoint is not sent anything.',
          security: moderator,
          requestParams: { path: webhookPath },
          responses: {
            '202': json(webhookTestAcceptedSchema, 'Queued; `eventId` is its webhook-id.'),
            '404': problem('No such webhook.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/webhooks/{id}/deliveries': {
        get: {
          operationId: 'listWebhookDeliveries',
          summary: "An endpoint's delivery log, newest event first (admin)",
          security: moderator,
          requestParams: { path: webhookPath, query: webhookDeliveriesQuerySchema },
          responses: {
            '200': json(webhookDeliveryPageSchema, 'Each delivery with its latest attempts.'),
            '400': problem('Invalid query.'),
            '404': problem('No such webhook.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/jobs/retry-failed': {
        post: {
          operationId: 'retryAllFailedJobs',
          summary: 'Re-run every failed comment job (admin)',
          security: moderator,
          responses: {
            '200': json(retriedJobsSchema, 'How many failed jobs went back to the queue.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/policy': {
        get: {
          operationId: 'getActivePolicy',
          summary: 'The moderation policy every worker runs now (moderator)',
          security: moderator,
          responses: {
            '200': json(policyVersionSchema, 'The active version.'),
            '404': problem('No policy is active yet.'),
            ...authErrors,
          },
        },
        put: {
          operationId: 'savePolicy',
          summary: 'Save a new policy version and activate it, or save a draft (admin)',
          description:
            'Validated against the policy schema; errors name each bad field (e.g. `policy.classifier.holdAt`). Running workers switch to an activated version within about a second, without a restart.',
          security: moderator,
          requestBody: body(putPolicyBodySchema),
          responses: {
            '201': json(policyVersionSchema, 'The saved version.'),
            '400': problem('Invalid policy: `errors` names each field.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/policy/versions': {
        get: {
          operationId: 'listPolicyVersions',
          summary: 'Every saved policy version, newest first (moderator)',
          security: moderator,
          responses: { '200': json(policyVersionListSchema, 'The versions.'), ...authErrors },
        },
      },
      '/api/v1/policy/versions/{version}': {
        get: {
          operationId: 'getPolicyVersion',
          summary: 'One saved policy version (moderator)',
          security: moderator,
          requestParams: { path: policyVersionPathSchema },
          responses: {
            '200': json(policyVersionSchema, 'The version.'),
            '400': problem('Not a version number.'),
            '404': problem('No such version.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/policy/versions/{version}/activate': {
        post: {
          operationId: 'activatePolicyVersion',
          summary: 'Make a saved version the active one: activate a draft, or roll back (admin)',
          security: moderator,
          requestParams: { path: policyVersionPathSchema },
          responses: {
            '200': json(policyVersionSchema, 'The now active version.'),
            '400': problem('Not a version number.'),
            '404': problem('No such version.'),
            '422': problem('The stored version does not validate: `errors` names each field.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/policy/diff': {
        get: {
          operationId: 'diffPolicyVersions',
          summary: 'What changed between two policy versions (moderator)',
          security: moderator,
          requestParams: { query: policyDiffQuerySchema },
          responses: {
            '200': json(policyDiffSchema, 'Terms added and removed per list; changed settings.'),
            '400': problem('Invalid query.'),
            '404': problem('No such version.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/audit': {
        get: {
          operationId: 'listAuditEvents',
          summary: 'The audit trail: every state change, newest first (admin)',
          security: moderator,
          requestParams: { query: auditQuerySchema },
          responses: {
            '200': json(auditPageSchema, 'Newest first; pass `nextCursor` as `cursor` for more.'),
            '400': problem('Invalid query or cursor; `errors` names each field.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/policy/backtest': {
        post: {
          operationId: 'startPolicyBacktest',
          summary: 'Replay stored comments under a policy before activating it (admin)',
          description:
            'Runs in the worker on a low-priority queue; never writes a decision. Poll the Location for progress and the result.',
          security: moderator,
          requestBody: body(startBacktestBodySchema),
          responses: {
            '202': json(
              backtestSchema,
              'Queued; `Location` is where its progress and result appear.',
            ),
            '400': problem('Invalid body: `errors` names each field.'),
            '404': problem('No such policy version.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/policy/backtests/{id}': {
        get: {
          operationId: 'getPolicyBacktest',
          summary: 'A backtest: progress, then its result (admin)',
          security: moderator,
          requestParams: { path: backtestIdPathSchema },
          responses: {
            '200': json(backtestSchema, 'The backtest.'),
            '400': problem('Not a backtest id.'),
            '404': problem('No such backtest (results are kept for a day).'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/models': {
        get: {
          operationId: 'listScorerModels',
          summary:
            'Stored versions of the learned scorer, their evaluation, which is active (admin)',
          security: moderator,
          responses: {
            '200': json(scorerModelListSchema, 'Newest first.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/models/train': {
        post: {
          operationId: 'trainScorerModel',
          summary: "Train the learned scorer on the moderators' verdicts now (admin)",
          description:
            'Queues a training run for the workers and answers at once. The run stores a new ' +
            'version with its evaluation and activates it only if it beats the active model. ' +
            "While a run waits or runs, the answer is that run's id.",
          security: moderator,
          responses: {
            '202': {
              ...json(trainingAcceptedSchema, 'Queued; `Location` is the run.'),
              headers: z.object({ Location: z.string() }),
            },
            ...authErrors,
          },
        },
      },
      '/api/v1/admin/models/training/{jobId}': {
        get: {
          operationId: 'getTrainingRun',
          summary: 'A training run: its state and, once finished, the version it stored (admin)',
          security: moderator,
          requestParams: { path: z.object({ jobId: trainingJobIdSchema }) },
          responses: {
            '200': json(trainingRunSchema, 'The run.'),
            '404': problem('No such training run.'),
            ...authErrors,
          },
        },
      },
      '/api/v1/policy/precision': {
        get: {
          operationId: 'getRulePrecision',
          summary:
            "How often each rule's holds were upheld or overturned by moderators (moderator)",
          description:
            'From the comments the system held or rejected and a moderator then decided (the ' +
            'latest moderator decision, in the window): per rule, per term for word rules, per ' +
            'language; `precision` is the share upheld (rejected by the moderator).',
          security: moderator,
          requestParams: { query: precisionQuerySchema },
          responses: {
            '200': json(precisionReportSchema, 'The report.'),
            '400': problem('Invalid query.'),
            ...authErrors,
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'getHealth',
          summary: 'The process is alive',
          security: open,
          responses: { '200': json(healthSchema, 'Alive.') },
        },
      },
      '/readyz': {
        get: {
          operationId: 'getReadiness',
          summary: 'Postgres and Redis answer',
          security: open,
          responses: {
            '200': json(readinessSchema, 'Ready.'),
            '503': json(readinessSchema, 'A dependency does not answer.'),
          },
        },
      },
    },
  });
}
