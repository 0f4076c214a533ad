export { createDatabase, type Database } from './client.ts';
export { applyMigrations, ensureDatabase, MIGRATIONS_DIR, type MigrationResult } from './migrate.ts';
export { ArticleRepository, toArticleDto, type ArticleRecord } from './article-repository.ts';
export {
  CommentRepository,
  SYSTEM_ACTOR,
  ADMIN_ACTOR,
  type SystemDecision,
  type AuthorHistoryEntry,
} from './comment-repository.ts';
export { ModeratorRepository, hashToken, type ModeratorDto, type Role } from './moderator-repository.ts';
export { InvalidCursorError, encodeCursor, decodeCursor, type Cursor } from './cursor.ts';
export { ensureSeedArticle, parseSeedArticle, SEED_ARTICLE_ID } from './seed.ts';
