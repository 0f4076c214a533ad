/**
 * The pipeline behind the 202: how fast comments get decided and stored, and how long a reader
 * waits to see an approved comment in the thread.
 */
import http from 'node:http';
import { approvableComment, approvableCommentJson } from './comments.ts';
import type { Children } from './children.ts';
import { failures, load } from './load.ts';
import type { ServiceProbe } from './service.ts';
import { percentile, round, sleep } from './stats.ts';

export interface DrainResult {
  /** Comments accepted (202) into the paused queue. */
  backlog: number;
  /** Rate the API accepted the backlog at (the queue paused, so no worker competed). */
  acceptedPerSecond: number;
  /** Whether nothing was stored while the queue was paused (else the drain rate would flatter). */
  pauseHeld: boolean;
  drainSeconds: number;
  /** backlog / drainSeconds: from the resume to the last comment stored, as seen in Postgres. */
  commentsPerSecond: number;
  /** Between 10% and 90% of the backlog stored: the rate once ramp-up and tail are left out. */
  steadyCommentsPerSecond: number;
}

/**
 * Pauses the queue, posts `backlog` comments through the API, resumes, and times the workers
 * until Postgres holds every accepted comment (polled every 100 ms).
 */
export async function measureDrain(
  children: Children,
  probe: ServiceProbe,
  options: { apiUrls: string[]; articleId: string; backlog: number; connections: number },
): Promise<DrainResult> {
  const { apiUrls, articleId } = options;
  const storedBefore = await probe.stored(articleId);
  await probe.queue.pause();
  try {
    const acceptedBefore = await probe.accepted(apiUrls);
    const posting = await children.guard(
      load({
        urls: apiUrls.map((url) => `${url}/api/v1/articles/${articleId}/comments`),
        method: 'POST',
        body: approvableCommentJson,
        connections: options.connections,
        amount: options.backlog,
      }),
    );
    if (failures(posting) > 0)
      throw new Error(
        `posting the backlog: ${JSON.stringify(posting.statusCodes)}, ${posting.errors} errors`,
      );
    const backlog = (await probe.acceptedSettled(apiUrls)) - acceptedBefore;
    const pauseHeld = (await probe.stored(articleId)) === storedBefore;
    const start = performance.now();
    await probe.queue.resume();
    let at10: number | undefined;
    let at90: number | undefined;
    for (;;) {
      children.check();
      const stored = (await probe.stored(articleId)) - storedBefore;
      const now = performance.now();
      if (stored >= backlog * 0.1) at10 ??= now;
      if (stored >= backlog * 0.9) at90 ??= now;
      if (stored >= backlog) break;
      if (now - start > 30 * 60_000)
        throw new Error(
          `${articleId}: backlog not drained after 30 minutes (${stored} of ${backlog})`,
        );
      await sleep(100);
    }
    await probe.waitStored(articleId, storedBefore + backlog); // exactly, not more
    const drainSeconds = (performance.now() - start) / 1000;
    return {
      backlog,
      acceptedPerSecond: round(posting.requestsPerSecond),
      pauseHeld,
      drainSeconds: round(drainSeconds, 2),
      commentsPerSecond: round(backlog / drainSeconds),
      steadyCommentsPerSecond:
        at10 !== undefined && at90 !== undefined && at90 > at10
          ? round((backlog * 0.8) / ((at90 - at10) / 1000))
          : Number.NaN,
    };
  } finally {
    await probe.queue.resume();
  }
}

interface SentComment {
  body: string;
  /** When it was due, on the performance clock (ms); latencies count from here (open loop). */
  due: number;
  /** Wall-clock ms when it was actually sent: the server's createdAt is never earlier. */
  sentAtEpoch: number;
  status?: number;
  acceptedAt?: number;
  error?: string;
  seenAt?: number;
}

export interface VisibilityResult {
  targetPerSecond: number;
  seconds: number;
  sent: number;
  accepted: number;
  /** Answers other than 202, and requests that failed, by status code or error code. */
  notAccepted: Record<string, number>;
  /** The rate of decisions from the first to the last (decided_at in Postgres). */
  decidedPerSecond: number;
  /**
   * Whether the pipeline sustained the rate (decidedPerSecond ≥ 90 % of it). When it did not,
   * the latencies measure the queue that built up, and the watcher, paging back through a
   * growing thread, detects comments late: read them as "far over target", not as figures.
   */
  keptUp: boolean;
  /** Largest delay between a comment's due time and its sending (a late generator). */
  sendLagMaxMs: number;
  /** POST sent (due time) → 202 received. */
  acceptedMs: { p50: number; p99: number };
  /** POST due time → the worker's decision time (`decided_at` in Postgres). */
  decidedMs: { p50: number; p99: number };
  /**
   * The pipeline's own share, per comment: 202 received → `decided_at`, and 202 received → seen
   * in the thread. Apart from `visibleMs`, they leave out the time the API took to accept (an
   * overloaded machine's API can take seconds), so they show whether the worker keeps up.
   */
  afterAcceptedMs: {
    decidedP50: number;
    decidedP99: number;
    visibleP50: number;
    visibleP99: number;
  };
  /** POST due time → the first thread page that shows it arrives at the watcher. */
  visibleMs: { p50: number; p90: number; p99: number; max: number };
  /** Accepted but never seen in the thread: held or rejected by moderation, or (a bug) approved but not shown. */
  notVisible: { heldOrRejected: number; approvedButNotShown: number };
  /** meanPollCycleMs: the real time between polls; a comment's detection lags by up to one cycle. */
  watcher: { pollIntervalMs: number; meanPollCycleMs: number; polls: number; pages: number };
}

// Separate pools: the watcher's reads must not wait behind the generator's POSTs in the client.
const postAgent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const watchAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function postJson(url: URL, json: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: postAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(json);
  });
}

function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: watchAgent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200)
            reject(new Error(`GET ${url}: HTTP ${response.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        });
      })
      .on('error', reject);
  });
}

const DEEP_PAGES_PER_POLL = 4;

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

interface ThreadPage {
  items: { body: string; createdAt: string }[];
  nextCursor: string | null;
}

const threadPage = (apiUrl: string, articleId: string, cursor: string | null) =>
  getJson<ThreadPage>(
    `${apiUrl}/api/v1/articles/${articleId}/comments?sort=newest&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
  );

/**
 * Open loop: posts approvable comments at a fixed rate whatever the answers (as readers do),
 * while a watcher polls the thread, newest first, and notes when each comment first shows up.
 * The watcher pages back until it passes the oldest comment not yet seen, so a comment decided
 * late is still found; detection adds up to one poll interval plus one GET to each latency.
 */
export async function measureVisibility(
  children: Children,
  probe: ServiceProbe,
  options: {
    apiUrls: string[];
    articleId: string;
    perSecond: number;
    seconds: number;
    pollMs: number;
  },
): Promise<VisibilityResult> {
  const { apiUrls, articleId, perSecond, pollMs } = options;
  const postUrls = apiUrls.map((url) => new URL(`${url}/api/v1/articles/${articleId}/comments`));
  const total = Math.round(perSecond * options.seconds);
  const sent: SentComment[] = [];
  const byBody = new Map<string, SentComment>();
  const answers: Promise<void>[] = [];
  const acceptedBefore = await probe.accepted(apiUrls);
  const storedBefore = await probe.stored(articleId);
  const epochOffset = Date.now() - performance.now();
  const start = performance.now() + 20;
  let sendLagMax = 0;

  const generator = (async () => {
    for (let i = 0; i < total; i++) {
      children.check();
      const due = start + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      const comment = approvableComment();
      const entry: SentComment = { body: comment.body, due, sentAtEpoch: Date.now() };
      sendLagMax = Math.max(sendLagMax, performance.now() - due);
      sent.push(entry);
      byBody.set(comment.body, entry);
      answers.push(
        postJson(postUrls[i % postUrls.length]!, JSON.stringify(comment)).then(
          (status) => {
            entry.status = status;
            entry.acceptedAt = performance.now();
          },
          (error: unknown) => {
            entry.error = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          },
        ),
      );
    }
    await Promise.all(answers);
  })();

  let generatorDone = false;
  void generator.then(
    () => (generatorDone = true),
    () => (generatorDone = true),
  );
  let polls = 0;
  let pages = 0;
  const watch = async () => {
    let held = new Set<string>();
    let stored = 0;
    let bookkept = -Infinity;
    let progressAt = performance.now();
    let allStoredAt: number | undefined;
    let deepCursor: string | null = null;
    for (;;) {
      children.check();
      const began = performance.now();
      if (began - bookkept >= 1_000) {
        // Once a second, from Postgres: comments moderation held or rejected (they will never
        // show, so the watcher stops paging back for them), and whether everything is stored.
        bookkept = began;
        held = new Set(await probe.notApproved(articleId));
        const now = (await probe.stored(articleId)) - storedBefore;
        if (now !== stored) [stored, progressAt] = [now, began];
        if (began - progressAt > 120_000)
          throw new Error(`${articleId}: no comment stored for 120 s (${stored} so far)`);
        if (generatorDone && stored === sent.filter((c) => c.status === 202).length)
          allStoredAt ??= began;
      }
      const waiting = sent.filter(
        (c) =>
          c.seenAt === undefined &&
          c.error === undefined &&
          (c.status === undefined || c.status === 202) &&
          !held.has(c.body),
      );
      // Done when every accepted, approved comment was seen; or 5 s after all were stored (the
      // thread cache is cleared just after the commit), when what is unseen is not shown.
      if (
        generatorDone &&
        (waiting.length === 0 || (allStoredAt !== undefined && began - allStoredAt > 5_000))
      )
        return;
      if (waiting.length > 0) {
        // The first page always; then, while pages are newer than the oldest comment not yet
        // seen, a few more, picking up next poll where this one stopped, so a backlog (an
        // overloaded service) cannot turn one poll into a walk through the whole thread.
        const oldestSent = waiting.reduce((min, c) => Math.min(min, c.sentAtEpoch), Infinity);
        const apiUrl = apiUrls[polls++ % apiUrls.length]!;
        let cursor: string | null = null;
        for (let page = 0; page <= DEEP_PAGES_PER_POLL; page++) {
          const { items, nextCursor } = await threadPage(
            apiUrl,
            articleId,
            page === 1 ? (deepCursor ?? cursor) : cursor,
          );
          pages++;
          const arrived = performance.now();
          for (const item of items) {
            const entry = byBody.get(item.body);
            if (entry && entry.seenAt === undefined) entry.seenAt = arrived;
          }
          const last = items.at(-1);
          cursor =
            !nextCursor || !last || Date.parse(last.createdAt) < oldestSent ? null : nextCursor;
          if (page > 0 || cursor === null) deepCursor = cursor;
          if (cursor === null) break;
        }
      }
      await sleep(Math.max(0, pollMs - (performance.now() - began)));
    }
  };
  await children.guard(Promise.all([generator, watch()]));
  const watchedMs = performance.now() - start;

  const accepted = sent.filter((c) => c.status === 202);
  const acceptedByServer = (await probe.accepted(apiUrls)) - acceptedBefore;
  if (acceptedByServer !== accepted.length) {
    throw new Error(
      `${articleId}: the API counted ${acceptedByServer} comments accepted, the generator received ${accepted.length} 202s`,
    );
  }
  await probe.waitStored(articleId, storedBefore + accepted.length);
  const stored = new Map((await probe.decisions(articleId)).map((row) => [row.body, row]));
  const unseen = accepted.filter((c) => c.seenAt === undefined);
  const approvedButNotShown = unseen.filter(
    (c) => stored.get(c.body)?.status === 'APPROVED',
  ).length;
  const visible = accepted.flatMap((c) => (c.seenAt === undefined ? [] : [c.seenAt - c.due]));
  const decided = accepted.map(
    (c) => stored.get(c.body)!.decidedAt.getTime() - (c.due + epochOffset),
  );
  const acceptedMs = accepted.map((c) => c.acceptedAt! - c.due);
  const decidedAfterAccepted = accepted.map(
    (c) => stored.get(c.body)!.decidedAt.getTime() - (c.acceptedAt! + epochOffset),
  );
  const visibleAfterAccepted = accepted.flatMap((c) =>
    c.seenAt === undefined ? [] : [c.seenAt - c.acceptedAt!],
  );
  const ms = (values: number[], p: number) => round(percentile(values, p), 1);
  const decidedTimes = accepted.map((c) => stored.get(c.body)!.decidedAt.getTime());
  const decidedSpan =
    (decidedTimes.reduce((a, b) => Math.max(a, b), -Infinity) -
      decidedTimes.reduce((a, b) => Math.min(a, b), Infinity)) /
    1000;
  const decidedPerSecond = (accepted.length - 1) / decidedSpan;
  return {
    targetPerSecond: perSecond,
    seconds: options.seconds,
    sent: sent.length,
    accepted: accepted.length,
    notAccepted: countBy(
      sent.filter((c) => c.status !== 202),
      (c) => (c.status !== undefined ? String(c.status) : (c.error ?? 'no answer')),
    ),
    decidedPerSecond: round(decidedPerSecond),
    keptUp: decidedPerSecond >= 0.9 * perSecond,
    sendLagMaxMs: round(sendLagMax, 1),
    acceptedMs: { p50: ms(acceptedMs, 50), p99: ms(acceptedMs, 99) },
    afterAcceptedMs: {
      decidedP50: ms(decidedAfterAccepted, 50),
      decidedP99: ms(decidedAfterAccepted, 99),
      visibleP50: ms(visibleAfterAccepted, 50),
      visibleP99: ms(visibleAfterAccepted, 99),
    },
    decidedMs: { p50: ms(decided, 50), p99: ms(decided, 99) },
    visibleMs: {
      p50: ms(visible, 50),
      p90: ms(visible, 90),
      p99: ms(visible, 99),
      max: ms(visible, 100),
    },
    notVisible: { heldOrRejected: unseen.length - approvedButNotShown, approvedButNotShown },
    watcher: {
      pollIntervalMs: pollMs,
      meanPollCycleMs: round(watchedMs / Math.max(1, polls), 1),
      polls,
      pages,
    },
  };
}
