import { ArticleNotFound, type PutArticleBody } from '@cm/contracts';
import type { ArticleRecord, ArticleRepository } from '@cm/db';
import type { GateVersion } from '@cm/queue';

export interface ArticlesDeps {
  articles: Pick<ArticleRepository, 'get' | 'list' | 'put'>;
  /** Tells every API replica's posting-gate cache that an article changed. */
  gateVersion: Pick<GateVersion, 'bump'>;
}

export const listArticles = (deps: ArticlesDeps): Promise<ArticleRecord[]> => deps.articles.list();

export async function getArticle(deps: ArticlesDeps, articleId: string): Promise<ArticleRecord> {
  const article = await deps.articles.get(articleId);
  if (!article) throw new ArticleNotFound(articleId);
  return article;
}

/**
 * Creates or updates an article (omitted fields keep their value), audited under `actor`. Once
 * committed, the gate version moves, so a close applies to the next POST on every replica.
 */
export async function putArticle(
  deps: ArticlesDeps,
  articleId: string,
  input: PutArticleBody,
  actor: string,
): Promise<{ article: ArticleRecord; created: boolean }> {
  const result = await deps.articles.put(articleId, input, actor);
  await deps.gateVersion.bump();
  return result;
}
