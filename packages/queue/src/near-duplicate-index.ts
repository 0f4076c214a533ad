import type { RedisClient } from './connection.ts';

/** A recent comment's fingerprint, as kept in the index. */
export interface FingerprintEntry {
  commentId: string;
  authorKey: string;
  fingerprint: string;
  /** When the comment was posted (ms since the epoch). */
  at: number;
}

/** A recent comment by another author close to the one asked about. */
export interface NearMatch {
  commentId: string;
  authorKey: string;
  distance: number;
}

export interface NearDuplicateIndexOptions {
  /** Bits in which two fingerprints differ (the engine's `hammingDistance`). */
  distance: (a: string, b: string) => number;
  /** Newest fingerprints kept per article. */
  articleEntries: number;
  /** Newest fingerprints kept site-wide (campaigns across articles). */
  siteEntries: number;
}

/**
 * Recent comments' fingerprints (see the engine's `fingerprint`), per article and site-wide,
 * shared by every worker: two sorted sets scored by posting time, `<prefix>:neardup:a:<article>`
 * and `<prefix>:neardup:site`. Each is bounded twice: entries older than the window are dropped
 * on every write, and only the newest `articleEntries`/`siteEntries` are kept, so a lookup reads
 * at most that many. Each write touches one key (a MULTI per key): no script spans articles.
 */
export class NearDuplicateIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly options: NearDuplicateIndexOptions,
  ) {}

  private articleKey(articleId: string): string {
    return `${this.prefix}:neardup:a:${articleId}`;
  }

  private get siteKey(): string {
    return `${this.prefix}:neardup:site`;
  }

  /**
   * Comments by other authors posted since `since` (on this article or anywhere) whose
   * fingerprint is at most `maxDistance` bits from `fingerprint`, closest first, one per comment.
   */
  async near(
    articleId: string,
    query: { fingerprint: string; authorKey: string; since: Date; maxDistance: number },
  ): Promise<NearMatch[]> {
    const since = query.since.getTime();
    const [article, site] = await Promise.all([
      this.redis.zrangebyscore(this.articleKey(articleId), since, '+inf'),
      this.redis.zrangebyscore(this.siteKey, since, '+inf'),
    ]);
    const matches = new Map<string, NearMatch>();
    for (const member of [...article, ...site]) {
      const entry = decode(member);
      if (!entry || entry.authorKey === query.authorKey || matches.has(entry.commentId)) continue;
      const distance = this.options.distance(query.fingerprint, entry.fingerprint);
      if (distance <= query.maxDistance)
        matches.set(entry.commentId, {
          commentId: entry.commentId,
          authorKey: entry.authorKey,
          distance,
        });
    }
    return [...matches.values()].sort(
      (a, b) => a.distance - b.distance || (a.commentId < b.commentId ? -1 : 1),
    );
  }

  /**
   * Keeps a comment's fingerprint for the window (entries older than `now - ms` go). Idempotent: recording the same comment again
   * (a redelivered job) leaves one entry.
   */
  async record(
    articleId: string,
    entry: FingerprintEntry,
    window: { ms: number; now: Date },
  ): Promise<void> {
    const member = JSON.stringify([entry.fingerprint, entry.commentId, entry.authorKey]);
    const oldest = window.now.getTime() - window.ms;
    const keep = async (key: string, entries: number) => {
      const results = await this.redis
        .multi()
        .zadd(key, entry.at, member)
        .zremrangebyscore(key, '-inf', `(${oldest}`)
        .zremrangebyrank(key, 0, -(entries + 1))
        .pexpire(key, Math.ceil(window.ms) + 60_000)
        .exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0]!;
    };
    await Promise.all([
      keep(this.articleKey(articleId), this.options.articleEntries),
      keep(this.siteKey, this.options.siteEntries),
    ]);
  }
  /**
   * Entries already decoded, by member: a member never changes meaning, and each batch reads
   * the same window again. Bounded: cleared when it outgrows a few windows.
   */
  private readonly decoded = new Map<string, Candidate | null>();

  /**
   * `near` for many comments at once (the worker's batches): each key is read once for all of
   * them, each entry decoded once. A batch's comments are also compared with each other, each
   * with the ones posted before it (by posting time, then id), as if they had been recorded one
   * by one; so a campaign that lands in one batch is still caught. The result at index i answers
   * the query at index i.
   */
  async nearMany(
    queries: readonly {
      articleId: string;
      entry: FingerprintEntry;
      since: Date;
      maxDistance: number;
    }[],
  ): Promise<NearMatch[][]> {
    if (queries.length === 0) return [];
    const articles = [...new Set(queries.map((q) => q.articleId))];
    const oldest = Math.min(...queries.map((q) => q.since.getTime()));
    const [site, ...perArticle] = await Promise.all([
      this.redis.zrangebyscore(this.siteKey, oldest, '+inf', 'WITHSCORES'),
      ...articles.map((a) =>
        this.redis.zrangebyscore(this.articleKey(a), oldest, '+inf', 'WITHSCORES'),
      ),
    ]);
    if (this.decoded.size > 8 * (this.options.siteEntries + this.options.articleEntries))
      this.decoded.clear();
    // A reply alternates member and score (the posting time, the same for a member always).
    const candidatesOf = (reply: string[]) => {
      const candidates: Candidate[] = [];
      for (let i = 0; i < reply.length; i += 2) {
        const member = reply[i]!;
        let candidate = this.decoded.get(member);
        if (candidate === undefined) {
          const entry = decode(member);
          candidate = entry && candidateOf({ ...entry, at: Number(reply[i + 1]) });
          this.decoded.set(member, candidate);
        }
        if (candidate) candidates.push(candidate);
      }
      return candidates;
    };
    const siteCandidates = candidatesOf(site);
    // Per article: its own entries, then the site's that are not among them, as one pool.
    const pools = new Map(
      articles.map((a, i) => {
        const own = candidatesOf(perArticle[i]!);
        const ownSet = new Set(own);
        return [a, poolOf(own.concat(siteCandidates.filter((c) => !ownSet.has(c))))];
      }),
    );
    const batch = queries.map((q) => candidateOf(q.entry));
    const before = (a: FingerprintEntry, b: FingerprintEntry) =>
      a.at < b.at || (a.at === b.at && a.commentId < b.commentId);
    return queries.map((query, q) => {
      const self = batch[q]!;
      // Comments of the same batch posted before this one count as recorded already.
      const peers = poolOf(batch.filter((other) => before(other.entry, query.entry)));
      const matches = new Map<string, NearMatch>();
      for (const pool of [pools.get(query.articleId)!, peers])
        this.compare(self, query, pool, matches);
      return [...matches.values()].sort(
        (a, b) => a.distance - b.distance || (a.commentId < b.commentId ? -1 : 1),
      );
    });
  }

  /** Adds the pool's entries close to `self` to `matches`; distances first, as few match. */
  private compare(
    self: Candidate,
    query: { entry: FingerprintEntry; since: Date; maxDistance: number },
    pool: Pool,
    matches: Map<string, NearMatch>,
  ): void {
    const since = query.since.getTime();
    const { maxDistance } = query;
    const consider = (candidate: Candidate, distance: number) => {
      const { entry } = candidate;
      if (
        distance > maxDistance ||
        entry.at < since ||
        entry.authorKey === query.entry.authorKey ||
        entry.commentId === query.entry.commentId ||
        matches.has(entry.commentId)
      )
        return;
      matches.set(entry.commentId, {
        commentId: entry.commentId,
        authorKey: entry.authorKey,
        distance,
      });
    };
    if (self.hi === undefined) {
      for (const candidate of pool.all)
        consider(
          candidate,
          this.options.distance(query.entry.fingerprint, candidate.entry.fingerprint),
        );
      return;
    }
    const { his, los, parsed, unparsed } = pool;
    const hi = self.hi;
    const lo = self.lo!;
    for (let k = 0; k < parsed.length; k++) {
      const distance = popcount(hi ^ his[k]!) + popcount(lo ^ los[k]!);
      if (distance <= maxDistance) consider(parsed[k]!, distance);
    }
    for (const candidate of unparsed)
      consider(
        candidate,
        this.options.distance(query.entry.fingerprint, candidate.entry.fingerprint),
      );
  }

  /**
   * `record` for many comments at once: one MULTI per key (the site-wide one and one per
   * article), each trimmed once. Idempotent like `record`.
   */
  async recordMany(
    records: readonly {
      articleId: string;
      entry: FingerprintEntry;
      window: { ms: number; now: Date };
    }[],
  ): Promise<void> {
    if (records.length === 0) return;
    const keep = async (key: string, entries: number, group: typeof records) => {
      const multi = this.redis.multi();
      for (const { entry } of group)
        multi.zadd(
          key,
          entry.at,
          JSON.stringify([entry.fingerprint, entry.commentId, entry.authorKey]),
        );
      const oldest = Math.min(...group.map((r) => r.window.now.getTime() - r.window.ms));
      const longest = Math.max(...group.map((r) => r.window.ms));
      const results = await multi
        .zremrangebyscore(key, '-inf', `(${oldest}`)
        .zremrangebyrank(key, 0, -(entries + 1))
        .pexpire(key, Math.ceil(longest) + 60_000)
        .exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0]!;
    };
    const byArticle = new Map<string, (typeof records)[number][]>();
    for (const record of records) {
      const group = byArticle.get(record.articleId);
      if (group) group.push(record);
      else byArticle.set(record.articleId, [record]);
    }
    await Promise.all([
      ...[...byArticle].map(([articleId, group]) =>
        keep(this.articleKey(articleId), this.options.articleEntries, group),
      ),
      keep(this.siteKey, this.options.siteEntries, records),
    ]);
  }
}

/**
 * An entry ready for comparison: a 64-bit fingerprint in 16 hex digits (the engine's format) is
 * parsed into two 32-bit halves, compared by popcount; any other is left to `options.distance`.
 */
interface Candidate {
  entry: FingerprintEntry;
  hi?: number;
  lo?: number;
}

const HEX64 = /^[0-9a-f]{16}$/;

function candidateOf(entry: FingerprintEntry): Candidate {
  if (!HEX64.test(entry.fingerprint)) return { entry };
  return {
    entry,
    hi: parseInt(entry.fingerprint.slice(0, 8), 16),
    lo: parseInt(entry.fingerprint.slice(8), 16),
  };
}

function popcount(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Candidates laid out for the hot loop: parsed fingerprints in two flat arrays. */
interface Pool {
  all: Candidate[];
  parsed: Candidate[];
  his: Int32Array;
  los: Int32Array;
  unparsed: Candidate[];
}

function poolOf(candidates: Candidate[]): Pool {
  const parsed = candidates.filter((c) => c.hi !== undefined);
  return {
    all: candidates,
    parsed,
    his: Int32Array.from(parsed, (c) => c.hi!),
    los: Int32Array.from(parsed, (c) => c.lo!),
    unparsed: candidates.filter((c) => c.hi === undefined),
  };
}

function decode(member: string): Omit<FingerprintEntry, 'at'> | null {
  try {
    const [fingerprint, commentId, authorKey] = JSON.parse(member) as unknown[];
    if (
      typeof fingerprint === 'string' &&
      typeof commentId === 'string' &&
      typeof authorKey === 'string'
    )
      return { fingerprint, commentId, authorKey };
  } catch {
    // Not ours: skip it.
  }
  return null;
}
