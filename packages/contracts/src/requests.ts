import { MAX_AUTHOR_NAME_LENGTH, MAX_COMMENT_LENGTH } from '@cm/moderation/text-facts.js';
import { z } from 'zod';
import { humanText } from './text.ts';

export { MAX_AUTHOR_NAME_LENGTH, MAX_COMMENT_LENGTH };

export const articleIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    'article ids are 1–128 letters, digits, ".", "_" or "-"',
  );

export const commentIdSchema = z.uuid({ error: 'comment ids are UUIDs' });

export const putArticleBodySchema = z.strictObject({
  title: humanText('title', 1, 300),
  url: z
    .url({ protocol: /^https?$/, error: 'url must be an http(s) URL' })
    .max(2048)
    .nullable()
    .optional(),
  language: z
    .string()
    .regex(
      /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
      'language must be a BCP 47 tag such as "ar" or "en-GB"',
    )
    .optional(),
  commentsOpen: z.boolean({ error: 'commentsOpen must be true or false' }).optional(),
  /** Article text, paragraphs separated by blank lines; used by the article page. */
  body: humanText('body', 0, 200_000).nullable().optional(),
});
export type PutArticleBody = z.infer<typeof putArticleBodySchema>;

export const postCommentBodySchema = z.strictObject({
  body: humanText('body', 1, MAX_COMMENT_LENGTH),
  author: z.strictObject(
    {
      name: humanText('author.name', 1, MAX_AUTHOR_NAME_LENGTH),
      email: z.email({ error: 'author.email must be an e-mail address' }).max(254).optional(),
    },
    {
      error: (issue) =>
        issue.input === undefined ? 'author is required' : 'author must be an object',
    },
  ),
  parentId: commentIdSchema.nullable().optional(),
  /** The host site's signed identity of the reader (a JWT), when it cannot send a header. */
  token: z.string().min(1).max(8192).optional().meta({
    description:
      'A JWT from the host site naming the signed-in reader (same as `Authorization: Bearer`).',
  }),
});
export type PostCommentBody = z.infer<typeof postCommentBodySchema>;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7E]{1,255}$/, 'Idempotency-Key must be 1–255 visible ASCII characters');

const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

export const threadQuerySchema = z.object({
  limit: limit(100, 20),
  cursor: z.string().max(200).optional(),
  sort: z.enum(['newest', 'oldest']).default('newest'),
});
export type ThreadQuery = z.infer<typeof threadQuerySchema>;

export const commentStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export type CommentStatus = z.infer<typeof commentStatusSchema>;

export const moderationQuerySchema = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'reported']).default('pending').meta({
    description:
      'A status, or `reported`: comments whose reader reports wait for a moderator (shown, or hidden by reports).',
  }),
  articleId: articleIdSchema.optional(),
  limit: limit(100, 25),
  cursor: z.string().max(200).optional(),
});
export type ModerationQuery = z.infer<typeof moderationQuerySchema>;

const MAX_EVENT_ID = 2n ** 63n - 1n;

export const auditQuerySchema = z.object({
  actor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: '"system", "admin", a moderator id, or another actor such as "seed".' }),
  target: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'The id of what the event is about (a comment id, an article id, …).' }),
  targetType: z
    .string()
    .regex(/^[a-z][a-z_-]{0,39}$/, 'targetType is a word such as comment, article or moderator')
    .optional(),
  action: z
    .string()
    .regex(/^[a-z_-]{1,40}\.[a-z_-]{1,40}$/, 'action is an event type such as comment.approved')
    .optional(),
  cursor: z
    .string()
    .refine(
      (value) => /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_EVENT_ID,
      'cursor is not one this API returned (use nextCursor from the previous page as it is)',
    )
    .optional(),
  limit: limit(200, 50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const moderationActionBodySchema = z.strictObject({
  reason: humanText('reason', 0, 1000).optional(),
  expectedStatus: commentStatusSchema.optional().meta({
    description:
      'The status the moderator saw. When the comment is no longer in it (someone decided first), the answer is 409 with the decision that won.',
  }),
});

export const reportReasonSchema = z.enum(['abuse', 'spam', 'off-topic', 'other'], {
  error: 'reason must be "abuse", "spam", "off-topic" or "other"',
});
export type ReportReasonDto = z.infer<typeof reportReasonSchema>;

export const reportBodySchema = z.strictObject({
  reason: reportReasonSchema,
  note: humanText('note', 0, 500).optional(),
});
export type ReportBody = z.infer<typeof reportBodySchema>;

/** A widget-generated, stable id of the reader's browser (optional; see the README). */
export const readerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'X-Reader-Id must be 8–64 letters, digits, "_" or "-"');

export const createModeratorBodySchema = z.strictObject({
  name: humanText('name', 1, MAX_AUTHOR_NAME_LENGTH),
  role: z.enum(['moderator', 'admin'], { error: 'role must be "moderator" or "admin"' }),
});
export type CreateModeratorBody = z.infer<typeof createModeratorBodySchema>;

export const failedJobsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: limit(100, 50),
});

export const authorStandingSchema = z.enum(
  ['normal', 'trusted', 'premoderated', 'suspended', 'banned'],
  { error: 'standing must be normal, trusted, premoderated, suspended or banned' },
);
export type AuthorStanding = z.infer<typeof authorStandingSchema>;

/** An author key as the API hands it out: the pseudonymous hash, or `sso:<subject>`. */
export const authorKeySchema = z
  .string()
  .min(1)
  .max(300)
  .refine((s) => s.isWellFormed() && !/[\u0000-\u001F\u007F]/.test(s), 'invalid author key');

export const putAuthorStandingBodySchema = z
  .strictObject({
    standing: authorStandingSchema,
    until: z.iso
      .datetime({ offset: true, error: 'until must be an ISO 8601 date-time' })
      .optional()
      .meta({ description: 'End of the suspension; required when standing is suspended.' }),
    reason: humanText('reason', 1, 500),
  })
  .superRefine((value, ctx) => {
    if (value.standing === 'suspended' && value.until === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'until is required when standing is suspended',
      });
    else if (value.standing === 'suspended' && Date.parse(value.until ?? '') <= Date.now())
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'until must be in the future',
      });
  });
export type PutAuthorStandingBody = z.infer<typeof putAuthorStandingBodySchema>;

export const addAuthorNoteBodySchema = z.strictObject({
  body: humanText('body', 1, 2000),
});
