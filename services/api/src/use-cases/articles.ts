import { ArticleNotFound, type PutArticleBody } from '@cm/contracts';
import type { ArticleRecord, ArticleRepository } from '@cm/db';

export interface ArticlesDeps {
  articles: Pick<ArticleRepository, 'get' | 'list' | 'put'>;
}

export const listArticles = (deps: ArticlesDeps): Promise<ArticleRecord[]> => deps.articles.list();

export async function getArticle(deps: ArticlesDeps, articleId: string): Promise<ArticleRecord> {
  const article = await deps.articles.get(articleId);
  if (!article) throw new ArticleNotFound(articleId);
  return article;
}

/** Creates or updates an article (omitted fields keep their value), audited under `actor`. */
export const putArticle = (
  deps: ArticlesDeps,
  articleId: string,
  input: PutArticleBody,
  actor: string,
): Promise<{ article: ArticleRecord; created: boolean }> =>
  deps.articles.put(articleId, input, actor);
