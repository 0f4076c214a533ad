import { z } from 'zod';
import { commentIdSchema, MAX_COMMENT_LENGTH } from './requests.ts';
import { humanText } from './text.ts';

/** The payload of a "moderate comment" job. The job id is always `commentId`. */
export const commentJobSchema = z.object({
  commentId: commentIdSchema,
  articleId: z.string().min(1),
  parentId: commentIdSchema.nullable(),
  body: humanText('body', 1, MAX_COMMENT_LENGTH),
  author: z.object({ name: z.string().min(1), email: z.string().nullable() }),
  authorKey: z.string().min(1),
  /** When the API accepted the comment (ISO 8601): the comment's createdAt. */
  receivedAt: z.iso.datetime(),
  /** The request that accepted it (X-Request-Id), so its log lines join the worker's. */
  requestId: z.string().max(100).optional(),
});
export type CommentJob = z.infer<typeof commentJobSchema>;

/**
 * The payload of a "review reports" job: look at a comment's reports again. Idempotent (the
 * worker re-reads every report), so a job per report is fine and a lost one heals on the next.
 */
export const reportJobSchema = z.object({ commentId: commentIdSchema });
export type ReportJob = z.infer<typeof reportJobSchema>;
