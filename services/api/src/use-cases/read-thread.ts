import { createHash } from 'node:crypto';
import { ArticleNotFound, type ThreadQuery } from '@cm/contracts';
import type { ArticleRepository, CommentRepository } from '@cm/db';
import type { CachedPage, LocalThreadCache, ThreadCache } from '@cm/queue';
import { toThreadPageDto } from '../dto.ts';

export interface ReadThreadDeps {
  articles: Pick<ArticleRepository, 'commentsOpen'>;
  comments: Pick<CommentRepository, 'thread'>;
  threadCache: Pick<ThreadCache, 'get' | 'put'>;
  /** Hot pages in this process, dropped on every invalidation (see LocalThreadCache). */
  localThreads: Pick<LocalThreadCache, 'get' | 'ticket' | 'put'>;
}

/**
 * The weak ETag Express would compute for this body (the `etag` package's format: length and
 * SHA-1), computed once per cached page instead of once per response.
 */
export function weakEtagOf(json: string): string {
  const hash = createHash('sha1').update(json, 'utf8').digest('base64').slice(0, 27);
  return `W/"${Buffer.byteLength(json, 'utf8').toString(16)}-${hash}"`;
}

/**
 * One page of an article's approved thread, as the JSON text readers get and its ETag: from
 * this process's memory when it holds the page, else from the shared Redis cache, else from
 * Postgres, then cached (unless an approval came in meanwhile).
 */
export async function readThread(
  deps: ReadThreadDeps,
  articleId: string,
  query: ThreadQuery,
): Promise<CachedPage> {
  const pageKey = `${query.sort}:${query.limit}:${query.cursor ?? ''}`;
  const hot = deps.localThreads.get(articleId, pageKey);
  if (hot) return hot;
  const ticket = deps.localThreads.ticket();
  const cached = await deps.threadCache.get(articleId, pageKey);
  let json = cached.json;
  if (json === null) {
    const [open, page] = await Promise.all([
      deps.articles.commentsOpen(articleId),
      deps.comments.thread(articleId, query),
    ]);
    if (open === null) throw new ArticleNotFound(articleId);
    json = JSON.stringify(toThreadPageDto(page));
    await deps.threadCache.put(articleId, pageKey, cached.generation, json);
  }
  const page = { json, etag: weakEtagOf(json) };
  deps.localThreads.put(articleId, pageKey, ticket, page);
  return page;
}
