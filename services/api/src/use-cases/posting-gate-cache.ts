import type { ArticleRepository } from '@cm/db';

type Gate = NonNullable<Awaited<ReturnType<ArticleRepository['postingGate']>>>;
type Standing = Gate['author'];

/** A posting gate and the gate version it is known to be current at. */
export interface GateReading {
  gate: Gate | null;
  version: string;
}

/**
 * The POST path's article (exists, open) and author standing, from memory: Postgres is read
 * only on a miss. Each replica keeps its own copy, correct because every answer is checked
 * against the gate version in Redis by the same script that spends the rate limit
 * (CommentAdmission): a replica that missed a change learns it on the very next POST, drops
 * everything (`stale`) and reads Postgres again before anything is accepted.
 *
 * Bounded: each map keeps at most `maxEntries`, the oldest-inserted leaves first. Only open
 * articles and authors free to post are kept: a missing article (it may be created a moment
 * later by any path), a closed one and a banned or suspended author are read from Postgres on
 * every POST, because a refusal is answered before Redis is asked.
 */
export class PostingGateCache {
  private version = '';
  private readonly articles = new Map<string, boolean>();
  private readonly authors = new Map<string, Standing>();

  constructor(
    private readonly repository: Pick<ArticleRepository, 'postingGate'>,
    private readonly maxEntries = 50_000,
  ) {}

  async read(articleId: string, authorKey: string, now: Date): Promise<GateReading> {
    const version = this.version;
    const open = this.articles.get(articleId);
    const standing = this.authors.get(authorKey);
    if (open !== undefined && standing !== undefined)
      return { gate: { open, author: standing }, version };
    const gate = await this.repository.postingGate(articleId, authorKey, now);
    // A reading that started before the replica learned of a change is not kept. Only what
    // lets a comment through is kept: a refusal is answered without asking Redis, so it must
    // come from Postgres each time (a reopened article, a lifted ban apply at once).
    if (gate !== null && version === this.version) {
      if (gate.open) remember(this.articles, articleId, true, this.maxEntries);
      if (gate.author.standing !== 'banned' && gate.author.standing !== 'suspended')
        remember(this.authors, authorKey, gate.author, this.maxEntries);
    }
    return { gate, version };
  }

  /** Redis says the gate changed: forget every reading older than `version`. */
  stale(version: string): void {
    if (Number(version) <= Number(this.version || '-1')) return;
    this.version = version;
    this.articles.clear();
    this.authors.clear();
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
}
