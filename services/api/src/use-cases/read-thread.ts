import { ArticleNotFound, type ThreadQuery } from '@cm/contracts';
import type { ArticleRepository, CommentRepository } from '@cm/db';
import type { ThreadCache } from '@cm/queue';
import { toThreadPageDto } from '../dto.ts';

export interface ReadThreadDeps {
  articles: Pick<ArticleRepository, 'commentsOpen'>;
  comments: Pick<CommentRepository, 'thread'>;
  threadCache: Pick<ThreadCache, 'get' | 'put'>;
}

/**
 * One page of an article's approved thread, as the JSON text readers get: from the shared cache
 * when it holds the page, else from Postgres, then cached (unless an approval came in meanwhile).
 */
export async function readThread(
  deps: ReadThreadDeps,
  articleId: string,
  query: ThreadQuery,
): Promise<string> {
  const pageKey = `${query.sort}:${query.limit}:${query.cursor ?? ''}`;
  const cached = await deps.threadCache.get(articleId, pageKey);
  if (cached.json !== null) return cached.json;
  const [open, page] = await Promise.all([
    deps.articles.commentsOpen(articleId),
    deps.comments.thread(articleId, query),
  ]);
  if (open === null) throw new ArticleNotFound(articleId);
  const json = JSON.stringify(toThreadPageDto(page));
  await deps.threadCache.put(articleId, pageKey, cached.generation, json);
  return json;
}
