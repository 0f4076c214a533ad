import { z } from 'zod';
import { authorStandingSchema, commentStatusSchema, reportReasonSchema } from './requests.ts';

// Response bodies of the v1 API, as zod schemas: the OpenAPI document is generated from them
// and the contract tests parse real responses with them, so code, docs and tests cannot drift.
// Strict objects: a field the document does not promise must not appear either.

export const articleSchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    url: z.string().nullable(),
    language: z
      .string()
      .meta({ description: "BCP 47 tag; decides the widget's language and direction." }),
    commentsOpen: z.boolean(),
    approvedCount: z.int().nonnegative(),
  })
  .meta({ id: 'Article' });
export type ArticleDto = z.infer<typeof articleSchema>;

export const articleListSchema = z
  .strictObject({ items: z.array(articleSchema) })
  .meta({ id: 'ArticleList' });

export const threadCommentSchema = z
  .strictObject({
    id: z.uuid(),
    body: z
      .string()
      .meta({ description: 'Exactly as the reader wrote it. Render as text, with dir="auto".' }),
    author: z.strictObject({ name: z.string() }),
    parentId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ThreadComment' });
export type ThreadCommentDto = z.infer<typeof threadCommentSchema>;

const nextCursor = z
  .string()
  .nullable()
  .meta({ description: 'Pass as `cursor` for the next page; null on the last page.' });

export const threadPageSchema = z
  .strictObject({ items: z.array(threadCommentSchema), nextCursor })
  .meta({ id: 'ThreadPage' });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const spanSchema = z
  .strictObject({ start: z.int(), end: z.int(), text: z.string() })
  .meta({ id: 'Span', description: 'Half-open range of UTF-16 code units in the original body.' });

export const findingSchema = z
  .looseObject({
    rule: z.string().meta({ example: 'banned-words' }),
    code: z.string().meta({
      example: 'banned-word',
      description:
        'Stable id of the reason (finer than the rule): banned-word, too-long, author-new, near-duplicate, classifier-score, …. Findings stored before codes existed get one derived from the rule.',
    }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .meta({ description: "The values the reason's message interpolates (term, count, limit…)." }),
    action: z.enum(['approve', 'hold', 'reject', 'score']),
    reason: z.string().meta({ description: 'English, as the engine wrote it.' }),
    messages: z
      .strictObject({ ar: z.string(), en: z.string() })
      .meta({ description: 'The reason in Arabic and English, for moderators to read.' }),
    spans: z.array(spanSchema),
  })
  .meta({
    id: 'Finding',
    description: 'Why a rule fired. Rules add details (term, limit, count, …).',
  });
export type FindingDto = z.infer<typeof findingSchema>;

export const decisionSchema = z
  .strictObject({
    action: z.enum(['approve', 'hold', 'reject']),
    decidedBy: z.string().meta({ description: '"system", "admin" or a moderator id.' }),
    decidedByName: z.string(),
    reason: z.string().nullable(),
    decidedAt: z.iso.datetime(),
    findings: z
      .array(findingSchema)
      .meta({ description: "The pipeline's findings, kept after a moderator overrules them." }),
  })
  .meta({ id: 'Decision' });
export type DecisionDto = z.infer<typeof decisionSchema>;

export const reportSummarySchema = z
  .strictObject({
    count: z.int().nonnegative().meta({ description: 'Readers who reported it.' }),
    weight: z.number().nonnegative().meta({
      description:
        "Weighted count compared with the policy's thresholds: each reader counts 2·(upheld+1)/(upheld+dismissed+2).",
    }),
    reasons: z.partialRecord(reportReasonSchema, z.int().positive()),
  })
  .meta({ id: 'ReportSummary', description: 'The reader reports waiting for a moderator.' });

const moderatorRefSchema = z
  .strictObject({ id: z.string(), name: z.string() })
  .meta({ id: 'ModeratorRef', description: 'A moderator (or "admin") and their display name.' });

export const moderationItemSchema = z
  .strictObject({
    id: z.uuid(),
    articleId: z.string(),
    articleTitle: z.string(),
    parentId: z.uuid().nullable(),
    body: z.string(),
    author: z.strictObject({
      name: z.string(),
      email: z.string().nullable(),
      key: z.string().meta({ description: 'Opens the author: `GET /api/v1/authors/{key}`.' }),
      standing: authorStandingSchema,
    }),
    status: commentStatusSchema,
    createdAt: z.iso.datetime(),
    decision: decisionSchema.nullable(),
    reported: z.boolean().meta({
      description:
        'True while reader reports wait for a moderator (in the reported queue); a pending one is hidden by reports.',
    }),
    reports: reportSummarySchema.nullable(),
    claimedBy: moderatorRefSchema
      .nullable()
      .meta({ description: 'The moderator reviewing it right now (an expiring claim), if any.' }),
  })
  .meta({ id: 'ModerationItem' });
export type ModerationItemDto = z.infer<typeof moderationItemSchema>;

export const statusCountsSchema = z
  .strictObject({ pending: z.int(), approved: z.int(), rejected: z.int(), reported: z.int() })
  .meta({ id: 'StatusCounts' });
export type StatusCounts = z.infer<typeof statusCountsSchema>;

export const moderationPageSchema = z
  .strictObject({ items: z.array(moderationItemSchema), nextCursor, counts: statusCountsSchema })
  .meta({ id: 'ModerationPage' });

export const auditEventSchema = z
  .strictObject({
    id: z.string().meta({ description: 'Position in the history (a decimal integer).' }),
    type: z.string().meta({ example: 'comment.approved' }),
    actor: z.strictObject({
      id: z.string().meta({ description: '"system", "admin", a moderator id, …' }),
      name: z.string().meta({ example: 'Layla' }),
    }),
    targetType: z.string(),
    targetId: z.string(),
    data: z.unknown().meta({ description: 'What changed; the fields depend on the type.' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AuditEvent' });

export const auditPageSchema = z
  .strictObject({ items: z.array(auditEventSchema), nextCursor })
  .meta({ id: 'AuditPage' });
export type AuditPageDto = z.infer<typeof auditPageSchema>;

export const claimSchema = z
  .strictObject({ claimedBy: moderatorRefSchema, expiresAt: z.iso.datetime() })
  .meta({ id: 'Claim' });

export const reportReceivedSchema = z
  .strictObject({ status: z.literal('received') })
  .meta({ id: 'ReportReceived' });

export const acceptedCommentSchema = z
  .strictObject({ id: z.uuid(), status: z.literal('pending') })
  .meta({ id: 'AcceptedComment' });

/**
 * Where a comment stands for its author: a stored status, `pending` while it waits in the queue
 * or for a moderator, or `failed` when its processing failed for good and waits for an admin to
 * retry it (it is kept, never dropped).
 */
export const commentProgressSchema = z.enum([...commentStatusSchema.options, 'failed']);
export type CommentProgress = z.infer<typeof commentProgressSchema>;

export const commentStatusResponseSchema = z
  .strictObject({ id: z.uuid(), status: commentProgressSchema })
  .meta({ id: 'CommentStatus' });

export const moderatorSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(['moderator', 'admin']),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Moderator' });

export const createdModeratorSchema = moderatorSchema
  .extend({ token: z.string().meta({ description: 'Shown once; only its hash is stored.' }) })
  .meta({ id: 'CreatedModerator' });

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' });

export const healthSchema = z.strictObject({ status: z.literal('ok') });
export const readinessSchema = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  checks: z.strictObject({ postgres: z.string(), redis: z.string() }),
});

export const failedJobSchema = z
  .strictObject({
    commentId: z.uuid(),
    articleId: z.string(),
    error: z.string(),
    attemptsMade: z.int(),
    acceptedAt: z.iso.datetime(),
    failedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'FailedJob' });
export type FailedJobDto = z.infer<typeof failedJobSchema>;

export const failedJobsPageSchema = z
  .strictObject({ items: z.array(failedJobSchema), total: z.int() })
  .meta({ id: 'FailedJobsPage' });

export const retriedJobsSchema = z.strictObject({ retried: z.int() }).meta({ id: 'RetriedJobs' });
export const authorNoteSchema = z
  .strictObject({
    id: z.uuid(),
    body: z.string(),
    moderator: z.strictObject({ id: z.string(), name: z.string() }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AuthorNote' });

export const authorSchema = z
  .strictObject({
    key: z.string(),
    displayName: z.string(),
    standing: authorStandingSchema.meta({
      description: 'As it applies now: a suspension whose end has passed reads as normal.',
    }),
    suspendedUntil: z.iso.datetime().nullable(),
    counts: z.strictObject({
      approved: z.int().nonnegative(),
      rejected: z.int().nonnegative(),
      reported: z.int().nonnegative(),
    }),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    comments: z
      .array(
        z.strictObject({
          id: z.uuid(),
          articleId: z.string(),
          body: z.string(),
          status: commentStatusSchema,
          createdAt: z.iso.datetime(),
        }),
      )
      .meta({ description: 'The newest 50, newest first.' }),
    notes: z.array(authorNoteSchema).meta({ description: 'Newest first.' }),
  })
  .meta({ id: 'Author' });
export type AuthorDto = z.infer<typeof authorSchema>;
