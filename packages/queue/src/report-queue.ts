import type { ReportJob } from '@cm/contracts';
import { Queue, Worker, type Processor } from 'bullmq';
import type { RedisClient } from './connection.ts';
import { retryingWorkerSettings, type CommentWorkerOptions } from './comment-queue.ts';

export const REPORT_QUEUE = 'reports';
export const REVIEW_REPORTS_JOB = 'review-reports';

export type ReportQueue = Queue<ReportJob, void, typeof REVIEW_REPORTS_JOB>;

/**
 * The second queue: after each reader report the API asks the workers (which own the policy) to
 * compare the comment's weighted reports with the policy. Jobs get their own ids, so a report
 * arriving while the previous review runs is never swallowed; reviews are idempotent.
 */
export function createReportQueue(connection: RedisClient, prefix: string): ReportQueue {
  return new Queue<ReportJob, void, typeof REVIEW_REPORTS_JOB>(REPORT_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 25,
      backoff: { type: 'capped-exponential' },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: false,
    },
  });
}

export async function enqueueReportReview(queue: ReportQueue, job: ReportJob): Promise<void> {
  await queue.add(REVIEW_REPORTS_JOB, job);
}

export function createReportWorker(
  connection: RedisClient,
  prefix: string,
  processor: Processor<ReportJob, void, typeof REVIEW_REPORTS_JOB>,
  options: CommentWorkerOptions,
): Worker<ReportJob, void, typeof REVIEW_REPORTS_JOB> {
  return new Worker<ReportJob, void, typeof REVIEW_REPORTS_JOB>(REPORT_QUEUE, processor, {
    connection,
    prefix,
    ...retryingWorkerSettings(options),
  });
}
