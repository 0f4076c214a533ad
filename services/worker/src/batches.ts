import type { CommentJob } from '@cm/contracts';
import type { AuthorRepository, CommentRepository, SystemDecision } from '@cm/db';
import type { FingerprintEntry, NearDuplicateIndex, ThreadCache } from '@cm/queue';
import { MicroBatcher } from './micro-batcher.ts';
import type { ModerateCommentDeps, NearDuplicateLookup } from './moderate-comment.ts';

export interface BatchOptions {
  /** Most jobs' calls in one statement or round trip. */
  maxSize: number;
}

type Batched = Pick<ModerateCommentDeps, 'comments' | 'authors' | 'threadCache'> & {
  nearDuplicates: NearDuplicateLookup;
};

/**
 * The moderation pipeline's I/O, batched across the jobs the worker processes at once (see
 * micro-batcher.ts): the author reads, the near-duplicate lookups and records, the store and the
 * thread-cache invalidations each cost one statement or round trip per batch instead of one per
 * job. Each job still waits for its own results, so it completes in BullMQ only after its own
 * comment is committed, and a batch that fails is retried item by item, so one bad comment does
 * not fail its neighbours. Nothing here is state: a job's calls are in hand only until they ran.
 */
export function batchedPipeline(
  deps: {
    comments: Pick<
      CommentRepository,
      'authorHistory' | 'authorHistories' | 'storeDecided' | 'storeDecidedMany'
    >;
    authors: Pick<AuthorRepository, 'moderationFacts' | 'moderationFactsMany'>;
    threadCache: Pick<ThreadCache, 'invalidate'>;
    nearDuplicates: Pick<NearDuplicateIndex, 'nearMany' | 'recordMany'>;
  },
  options: BatchOptions,
): Batched {
  const { comments, authors, threadCache, nearDuplicates } = deps;
  const { maxSize } = options;
  // Two batches at once: one is sent while the other waits for Postgres (a commit's fsync).
  const maxInFlight = 2;

  const histories = new MicroBatcher({
    run: (requests: { authorKey: string; since: Date; limit: number }[]) =>
      comments.authorHistories(requests),
    runOne: (r) => comments.authorHistory(r.authorKey, r.since, r.limit),
    maxSize,
    maxInFlight,
  });
  const facts = new MicroBatcher({
    run: (requests: { key: string; since: Date; now: Date }[]) =>
      authors.moderationFactsMany(requests),
    runOne: (r) => authors.moderationFacts(r.key, r.since, r.now),
    maxSize,
    maxInFlight,
  });
  type Store = { job: CommentJob; decision: SystemDecision; decidedAt: Date };
  const stores = new MicroBatcher({
    run: (entries: Store[]) => comments.storeDecidedMany(entries),
    runOne: (e) => comments.storeDecided(e.job, e.decision, e.decidedAt),
    maxSize,
    maxInFlight,
  });
  type Near = { articleId: string; entry: FingerprintEntry; since: Date; maxDistance: number };
  const nears = new MicroBatcher({
    run: (queries: Near[]) => nearDuplicates.nearMany(queries),
    runOne: async (q) => (await nearDuplicates.nearMany([q]))[0]!,
    maxSize,
    maxInFlight,
  });
  type Record = { articleId: string; entry: FingerprintEntry; window: { ms: number; now: Date } };
  const records = new MicroBatcher({
    run: async (items: Record[]) => {
      await nearDuplicates.recordMany(items);
      return items.map(() => undefined);
    },
    runOne: (r) => nearDuplicates.recordMany([r]),
    maxSize,
    maxInFlight,
  });
  // One invalidation per article per batch: a busy thread is cleared once, not once per comment.
  const invalidations = new MicroBatcher({
    run: async (articleIds: string[]) => {
      await Promise.all([...new Set(articleIds)].map((id) => threadCache.invalidate(id)));
      return articleIds.map(() => undefined);
    },
    runOne: (id) => threadCache.invalidate(id),
    maxSize,
    maxInFlight,
  });

  return {
    comments: {
      authorHistory: (authorKey, since, limit) => histories.call({ authorKey, since, limit }),
      storeDecided: (job, decision, decidedAt) => stores.call({ job, decision, decidedAt }),
    },
    authors: {
      moderationFacts: (key, since, now) => facts.call({ key, since, now }),
    },
    threadCache: { invalidate: (articleId) => invalidations.call(articleId) },
    nearDuplicates: {
      near: (articleId, entry, query) => nears.call({ articleId, entry, ...query }),
      record: (articleId, entry, window) => records.call({ articleId, entry, window }),
    },
  };
}
