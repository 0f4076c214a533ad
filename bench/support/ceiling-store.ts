/**
 * The ceiling's data, all in memory: articles, their approved comments, and pages of the
 * approved thread serialized once (with their ETag) the first time they are asked for — what an
 * ideal in-process cache would hand out. Nothing here does I/O.
 */
import { InvalidCursor, type ThreadCommentDto, type ThreadQuery } from '@cm/contracts';

/** What `npm run bench` hands the ceiling at start-up: the same rows the service stores. */
export interface CeilingSeed {
  articles: { id: string; commentsOpen: boolean }[];
  comments: (ThreadCommentDto & { articleId: string })[];
}

export interface SerializedPage {
  body: Buffer;
  etag: string;
}

/** Keyset cursor over (createdAt, id), encoded as the service encodes it. */
const encodeCursor = (c: ThreadCommentDto) =>
  Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');

function decodeCursor(raw: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      const time = new Date(value[0]);
      if (!Number.isNaN(time.getTime()) && /^[0-9a-f-]{36}$/i.test(value[1]))
        return { createdAt: time.toISOString(), id: value[1] };
    }
  } catch {
    // any undecodable cursor is the caller's mistake
  }
  throw new InvalidCursor();
}

const MAX_CACHED_PAGES = 10_000;

export class CeilingStore {
  private readonly open = new Map<string, boolean>();
  /** Approved comments per article, newest first (createdAt, then id, both descending). */
  private readonly approved = new Map<string, ThreadCommentDto[]>();
  private readonly approvedIds = new Map<string, Set<string>>();
  private readonly pages = new Map<string, SerializedPage>();

  constructor(
    seed: CeilingSeed,
    private readonly etagOf: (body: Buffer) => string,
  ) {
    for (const article of seed.articles) {
      this.open.set(article.id, article.commentsOpen);
      this.approved.set(article.id, []);
      this.approvedIds.set(article.id, new Set());
    }
    for (const { articleId, ...comment } of seed.comments) {
      this.approved.get(articleId)?.push(comment);
      this.approvedIds.get(articleId)?.add(comment.id);
    }
    const newestFirst = (a: ThreadCommentDto, b: ThreadCommentDto) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1;
    for (const list of this.approved.values()) list.sort(newestFirst);
  }

  /** `null` for an unknown article, else whether it takes comments. */
  commentsOpen(articleId: string): boolean | null {
    return this.open.get(articleId) ?? null;
  }

  isApprovedIn(articleId: string, commentId: string): boolean {
    return this.approvedIds.get(articleId)?.has(commentId) ?? false;
  }

  /** One page of the approved thread, as the service pages it; `null` for an unknown article. */
  page(articleId: string, query: ThreadQuery): SerializedPage | null {
    const key = `${articleId}\n${query.sort}:${query.limit}:${query.cursor ?? ''}`;
    const cached = this.pages.get(key);
    if (cached) return cached;
    const newest = this.approved.get(articleId);
    if (!newest) return null;
    const ordered = query.sort === 'oldest' ? [...newest].reverse() : newest;
    let start = 0;
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      const beyond = query.sort === 'oldest' ? 1 : -1;
      const compare = (c: ThreadCommentDto) =>
        c.createdAt === after.createdAt
          ? c.id === after.id
            ? 0
            : c.id > after.id
              ? 1
              : -1
          : c.createdAt > after.createdAt
            ? 1
            : -1;
      start = ordered.findIndex((c) => compare(c) === beyond);
      if (start === -1) start = ordered.length;
    }
    const rows = ordered.slice(start, start + query.limit + 1);
    const more = rows.length > query.limit;
    const items = more ? rows.slice(0, query.limit) : rows;
    const last = items.at(-1);
    const body = Buffer.from(
      JSON.stringify({ items, nextCursor: more && last ? encodeCursor(last) : null }),
    );
    const page = { body, etag: this.etagOf(body) };
    if (this.pages.size >= MAX_CACHED_PAGES) this.pages.clear(); // arbitrary cursors must not grow memory without bound
    this.pages.set(key, page);
    return page;
  }
}
