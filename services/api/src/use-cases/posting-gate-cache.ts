import type { ArticleRepository, AuthorRepository, Standing } from '@cm/db';

/** What a POST checks before anything is spent: the article exists and is open, the author may post. */
export interface PostingGate {
  open: boolean;
  author: Standing;
}

/** A posting gate and the gate version it is known to be current at. */
export interface GateReading {
  gate: PostingGate | null;
  version: string;
}

const FREE: Standing = { standing: 'normal', suspendedUntil: null };

/**
 * The POST path's article (exists, open) and author checks, from memory: no Postgres query per
 * POST. Each replica keeps the open articles it has seen and the whole (small) set of authors
 * who may not post (banned, suspended); every answer is checked against the gate version in
 * Redis by the same script that spends the rate limit (CommentAdmission), so a replica that
 * missed a change learns it on the very next POST, drops everything (`stale`) and reads Postgres
 * again before anything is accepted.
 *
 * A missing or closed article is not kept (it is read from Postgres on each POST): a refusal is
 * answered without asking Redis, so it must never come from memory. At most `maxArticles` open
 * articles are kept, the oldest-inserted leaving first.
 */
export class PostingGateCache {
  private version = '';
  private readonly openArticles = new Set<string>();
  private refused: Promise<Map<string, Standing>> | null = null;

  constructor(
    private readonly articles: Pick<ArticleRepository, 'commentsOpen'>,
    private readonly authors: Pick<AuthorRepository, 'refused'>,
    private readonly maxArticles = 50_000,
  ) {}

  async read(articleId: string, authorKey: string, now: Date): Promise<GateReading> {
    const version = this.version;
    const [open, refused] = await Promise.all([
      this.openArticles.has(articleId) ? true : this.articleOpen(articleId, version),
      this.refusedAuthors(version, now),
    ]);
    if (open === null) return { gate: null, version };
    return { gate: { open, author: effective(refused.get(authorKey), now) }, version };
  }

  /** Redis says the gate changed: forget every reading older than `version`. */
  stale(version: string): void {
    if (Number(version) <= Number(this.version || '-1')) return;
    this.version = version;
    this.openArticles.clear();
    this.refused = null;
  }

  private async articleOpen(articleId: string, version: string): Promise<boolean | null> {
    const open = await this.articles.commentsOpen(articleId);
    // A reading that started before the replica learned of a change is not kept.
    if (open === true && version === this.version) {
      this.openArticles.add(articleId);
      if (this.openArticles.size > this.maxArticles)
        this.openArticles.delete(this.openArticles.values().next().value as string);
    }
    return open;
  }

  private refusedAuthors(version: string, now: Date): Promise<Map<string, Standing>> {
    if (this.refused && version === this.version) return this.refused;
    const loading = this.authors.refused(now);
    if (version === this.version) {
      this.refused = loading;
      // A failed read is not kept: the next POST tries again.
      loading.catch(() => {
        if (this.refused === loading) this.refused = null;
      });
    }
    return loading;
  }
}

/** A suspension that has ended since the set was read is over. */
function effective(standing: Standing | undefined, now: Date): Standing {
  if (!standing) return FREE;
  if (
    standing.standing === 'suspended' &&
    standing.suspendedUntil &&
    standing.suspendedUntil <= now
  )
    return FREE;
  return standing;
}
