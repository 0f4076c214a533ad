/**
 * What the bench checks on the running service from outside: how many comments the API
 * accepted (its `comments_accepted_total` metric: every 202 it sent, including ones the load
 * generator stopped waiting for), how many Postgres holds, the queue (paused, failed jobs,
 * connected workers).
 */
import { COMMENT_QUEUE } from '@cm/queue';
import { Queue } from 'bullmq';
import pg from 'pg';
import type { Children } from './children.ts';
import { sleep } from './stats.ts';

export class ServiceProbe {
  readonly queue: Queue;
  private readonly db: pg.Pool;

  constructor(
    databaseUrl: string,
    redisUrl: string,
    queuePrefix: string,
    private readonly adminToken: string,
    private readonly children: Children,
  ) {
    this.queue = new Queue(COMMENT_QUEUE, { connection: { url: redisUrl }, prefix: queuePrefix });
    this.db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  /** Sum of `comments_accepted_total` over the given API processes. */
  async accepted(apiUrls: string[]): Promise<number> {
    const counts = await Promise.all(
      apiUrls.map(async (url) => {
        const response = await fetch(`${url}/metrics`, {
          headers: { authorization: `Bearer ${this.adminToken}` },
        });
        const text = await response.text();
        const line = text.split('\n').find((l) => l.startsWith('comments_accepted_total '));
        if (!response.ok || !line)
          throw new Error(
            `cannot read comments_accepted_total from ${url}/metrics (HTTP ${response.status})`,
          );
        return Number(line.split(' ')[1]);
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * The accepted count once it has stopped moving for a second. autocannon stops waiting at the
   * end of a run, but requests already in flight still get their 202 (and their comment).
   */
  async acceptedSettled(apiUrls: string[]): Promise<number> {
    let last = await this.accepted(apiUrls);
    let since = Date.now();
    for (;;) {
      await sleep(250);
      this.children.check();
      const now = await this.accepted(apiUrls);
      if (now !== last) [last, since] = [now, Date.now()];
      else if (Date.now() - since >= 1_000) return now;
    }
  }

  /** Comments of an article in Postgres; of all articles when `articleId` is null. */
  async stored(articleId: string | null): Promise<number> {
    const { rows } =
      articleId === null
        ? await this.db.query<{ n: string }>('SELECT count(*) AS n FROM comments')
        : await this.db.query<{ n: string }>(
            'SELECT count(*) AS n FROM comments WHERE article_id = $1',
            [articleId],
          );
    return Number(rows[0]!.n);
  }

  async approved(articleId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM comments WHERE article_id = $1 AND status = 'APPROVED'",
      [articleId],
    );
    return Number(rows[0]!.n);
  }

  /** Bodies of an article's comments that moderation did not approve. */
  async notApproved(articleId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ body: string }>(
      "SELECT body FROM comments WHERE article_id = $1 AND status <> 'APPROVED'",
      [articleId],
    );
    return rows.map((r) => r.body);
  }

  /** Everything stored, for the final tally: rows, and rows without a decision time. */
  async totals(): Promise<{ comments: number; undecided: number }> {
    const { rows } = await this.db.query<{ comments: string; undecided: string }>(
      'SELECT count(*) AS comments, count(*) FILTER (WHERE decided_at IS NULL) AS undecided FROM comments',
    );
    return { comments: Number(rows[0]!.comments), undecided: Number(rows[0]!.undecided) };
  }

  /** Stored comments of an article: status, decision time and body (bodies are unique in a run). */
  async decisions(
    articleId: string,
  ): Promise<{ body: string; status: string; decidedAt: Date; createdAt: Date }[]> {
    const { rows } = await this.db.query<{
      body: string;
      status: string;
      decided_at: Date;
      created_at: Date;
    }>('SELECT body, status, decided_at, created_at FROM comments WHERE article_id = $1', [
      articleId,
    ]);
    return rows.map((r) => ({
      body: r.body,
      status: r.status,
      decidedAt: r.decided_at,
      createdAt: r.created_at,
    }));
  }

  /**
   * Waits until `expected` comments of the article are stored. Fails if the count stops moving
   * for `stallSeconds` (naming failed jobs, the usual reason), or overshoots (stored twice).
   */
  async waitStored(articleId: string | null, expected: number, stallSeconds = 120): Promise<void> {
    let last = -1;
    let lastMove = Date.now();
    for (;;) {
      this.children.check();
      const stored = await this.stored(articleId);
      if (stored === expected) return;
      if (stored > expected)
        throw new Error(
          `${articleId ?? 'all articles'}: ${stored} comments stored but only ${expected} accepted`,
        );
      if (stored !== last) [last, lastMove] = [stored, Date.now()];
      if (Date.now() - lastMove > stallSeconds * 1000) {
        const { failed } = await this.queue.getJobCounts('failed');
        throw new Error(
          `${articleId ?? 'all articles'}: stuck at ${stored} of ${expected} accepted comments stored for ${stallSeconds} s (${failed} failed jobs in the queue)`,
        );
      }
      await sleep(200);
    }
  }

  async workers(): Promise<number> {
    return (await this.queue.getWorkers()).length;
  }

  async failedJobs(): Promise<number> {
    return (await this.queue.getJobCounts('failed')).failed ?? 0;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.queue.close(), this.db.end()]);
  }
}

/** Creates or updates an article through the API, as a newsroom would. */
export async function putArticle(
  apiUrl: string,
  adminToken: string,
  id: string,
  title: string,
): Promise<void> {
  const response = await fetch(`${apiUrl}/api/v1/articles/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, language: 'ar' }),
  });
  if (!response.ok)
    throw new Error(`PUT article ${id}: HTTP ${response.status} ${await response.text()}`);
}
