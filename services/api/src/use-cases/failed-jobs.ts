import { JobNotFailed } from '@cm/contracts';
import {
  failedCommentJobs,
  retryAllFailedComments,
  retryFailedComment,
  type CommentQueue,
  type FailedCommentJob,
} from '@cm/queue';
import type { Logger } from 'pino';

export interface FailedJobsDeps {
  queue: CommentQueue;
  logger: Logger;
}

/** Needs attention: accepted comments whose processing failed for good, newest first. */
export const listFailedJobs = (
  deps: FailedJobsDeps,
  offset: number,
  limit: number,
): Promise<{ items: FailedCommentJob[]; total: number }> =>
  failedCommentJobs(deps.queue, offset, offset + limit - 1);

/** Re-runs one failed comment's job: once, however many admins press retry at the same time. */
export async function retryFailedJob(
  deps: FailedJobsDeps,
  commentId: string,
  actor: string,
): Promise<void> {
  if (!(await retryFailedComment(deps.queue, commentId))) throw new JobNotFailed(commentId);
  deps.logger.info({ commentId, actor }, 'failed comment job retried');
}

/** Re-runs every failed comment job; returns how many there were. */
export async function retryAllFailedJobs(deps: FailedJobsDeps, actor: string): Promise<number> {
  const retried = await retryAllFailedComments(deps.queue);
  deps.logger.info({ retried, actor }, 'all failed comment jobs retried');
  return retried;
}
