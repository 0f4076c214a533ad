import type { CommentJob } from '@cm/contracts';
import { MODERATE_JOB, type CommentQueue } from './comment-queue.ts';

/**
 * Adds comment jobs for concurrent requests in one Redis round trip (BullMQ `addBulk`, one
 * MULTI), group-commit style: a job waits only while the previous batch is on its way to Redis
 * (or until the end of the current event-loop turn when none is), never on a timer, so a lone
 * request pays nothing and a busy API sends one batch per round trip instead of one add per
 * request. Each `add` resolves only once Redis has stored its job (the 202 waits for it), and
 * the job id stays the comment id: adding the same comment twice is still a no-op.
 */
export class CommentJobBatcher {
  private pending: { job: CommentJob; resolve: () => void; reject: (error: unknown) => void }[] =
    [];
  private busy = false;

  constructor(
    private readonly queue: CommentQueue,
    /** Most jobs in one batch. */
    private readonly maxBatch = 200,
  ) {}

  add(job: CommentJob): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (!this.busy) {
        this.busy = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.maxBatch);
    try {
      await this.queue.addBulk(
        batch.map(({ job }) => ({ name: MODERATE_JOB, data: job, opts: { jobId: job.commentId } })),
      );
      for (const { resolve } of batch) resolve();
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
    if (this.pending.length > 0) setImmediate(() => void this.flush());
    else this.busy = false;
  }
}
