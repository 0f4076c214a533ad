import { createHmac } from 'node:crypto';
import { CommentNotFound, type ReportBody } from '@cm/contracts';
import type { ReportRepository } from '@cm/db';
import { enqueueReportReview, type RedisReportRateLimiter, type ReportQueue } from '@cm/queue';

export interface ReportCommentDeps {
  reports: Pick<ReportRepository, 'add'>;
  reportQueue: ReportQueue;
  reportRateLimiter: Pick<RedisReportRateLimiter, 'consume'>;
  readerKeySecret: string;
}

export interface ReportCommentRequest {
  commentId: string;
  report: ReportBody;
  ip: string;
  /** The widget's own id for this browser (X-Reader-Id), when it sent one. */
  readerId?: string;
  now: Date;
}

/**
 * Who a reader is, without accounts: a keyed hash (HMAC-SHA256 with a server secret) of the
 * client IP and the widget's reader id. Readers behind one address count apart when their widgets
 * send ids, and the same browser counts once; the IP itself is never stored, and the key cannot
 * be reversed or recomputed without the secret. (A signed-in reader would be keyed by their SSO
 * subject instead, once the service verifies reader tokens.)
 */
export function readerKey(secret: string, ip: string, readerId: string | undefined): string {
  return createHmac('sha256', secret)
    .update(`ip:${ip}\nreader:${readerId ?? ''}`, 'utf8')
    .digest('base64url');
}

/**
 * A reader reports a comment: spend the reader's and the address's report budgets, store the
 * report once per reader (a repeat changes nothing), then ask the workers — who own the policy —
 * to compare the comment's weighted reports with it. The review is queued for repeats too, so a
 * review lost between the commit and the queue is made up by the reader trying again.
 */
export async function reportComment(
  deps: ReportCommentDeps,
  request: ReportCommentRequest,
): Promise<'created' | 'duplicate'> {
  const key = readerKey(deps.readerKeySecret, request.ip, request.readerId);
  await deps.reportRateLimiter.consume(key, request.ip);
  const outcome = await deps.reports.add({
    commentId: request.commentId,
    readerKey: key,
    reason: request.report.reason,
    note: request.report.note ?? null,
    now: request.now,
  });
  if (outcome === 'not-found') throw new CommentNotFound(request.commentId);
  await enqueueReportReview(deps.reportQueue, { commentId: request.commentId });
  return outcome;
}
