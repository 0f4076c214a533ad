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
 * Bounded: each map keeps at most `maxEntries`, the oldest-inserted leaves first. A missing
 * article is never cached (it may be created by any path a moment later).
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
      return { gate: { open, author: current(standing, now) }, version };
    const gate = await this.repository.postingGate(articleId, authorKey, now);
    // A reading that started before the replica learned of a change is not kept.
    if (gate !== null && version === this.version) {
      remember(this.articles, articleId, gate.open, this.maxEntries);
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

/** A suspension that has ended since it was read is over. */
function current(standing: Standing, now: Date): Standing {
  if (
    standing.standing === 'suspended' &&
    standing.suspendedUntil &&
    standing.suspendedUntil <= now
  )
    return { standing: 'normal', suspendedUntil: null };
  return standing;
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
}
