import { readFile } from 'node:fs/promises';
import { isPageButtonLabel, splitParagraphs } from '@cm/contracts';
import type { ArticleRepository } from './article-repository.ts';

export const SEED_ARTICLE_ID = 'paris-raqqa';
const SEED_FILE = new URL('../seed/paris-raqqa.txt', import.meta.url);

/**
 * Splits the seed page into its headline and its unique paragraphs. The seed is a copy of a real
 * article page: its first and last lines are the page's "share" and "comment" buttons, and the
 * headline is repeated above the body.
 */
export function parseSeedArticle(text: string): { title: string; paragraphs: string[] } {
  const blocks = splitParagraphs(text).filter((block) => !isPageButtonLabel(block));
  const [title, ...rest] = blocks;
  if (!title) throw new Error('the seed article is empty');
  return { title, paragraphs: [...new Set(rest)].filter((p) => p !== title) };
}

/** Creates the seed article when it is missing; leaves an existing one (and its edits) alone. */
export async function ensureSeedArticle(articles: ArticleRepository): Promise<void> {
  if (await articles.get(SEED_ARTICLE_ID)) return;
  const { title, paragraphs } = parseSeedArticle(await readFile(SEED_FILE, 'utf8'));
  await articles.put(
    SEED_ARTICLE_ID,
    { title, body: paragraphs.join('\n\n'), language: 'ar', commentsOpen: true, url: null },
    'seed',
  );
}
