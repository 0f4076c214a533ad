import type { Redis } from 'ioredis';

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
    private readonly redis: Redis,
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
    const decoded = (members: string[]) => {
      const entries: FingerprintEntry[] = [];
      for (let i = 0; i < members.length; i += 2) {
        const entry = decode(members[i]!);
        if (entry) entries.push({ ...entry, at: Number(members[i + 1]) });
      }
      return entries;
    };
    const siteEntries = decoded(site);
    const articleEntries = new Map(articles.map((a, i) => [a, decoded(perArticle[i]!)]));
    const before = (a: FingerprintEntry, b: FingerprintEntry) =>
      a.at < b.at || (a.at === b.at && a.commentId < b.commentId);
    return queries.map((query) => {
      const since = query.since.getTime();
      const peers = queries
        .filter((other) => before(other.entry, query.entry))
        .map((other) => other.entry);
      const candidates = [...articleEntries.get(query.articleId)!, ...siteEntries, ...peers];
      const matches = new Map<string, NearMatch>();
      for (const entry of candidates) {
        if (
          entry.at < since ||
          entry.authorKey === query.entry.authorKey ||
          entry.commentId === query.entry.commentId ||
          matches.has(entry.commentId)
        )
          continue;
        const distance = this.options.distance(query.entry.fingerprint, entry.fingerprint);
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
    });
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
