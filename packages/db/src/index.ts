export { createDatabase, type Database } from './client.ts';
export {
  applyMigrations,
  ensureDatabase,
  MIGRATIONS_DIR,
  type MigrationResult,
} from './migrate.ts';
export { ArticleRepository, type ArticleRecord } from './article-repository.ts';
export {
  AuthorRepository,
  effectiveStanding,
  type AuthorCommentRecord,
  type AuthorModerationFacts,
  type AuthorNoteRecord,
  type AuthorProfileRecord,
  type AuthorRecord,
  type Standing,
  type StandingChange,
} from './author-repository.ts';
export {
  CommentRepository,
  SYSTEM_ACTOR,
  ADMIN_ACTOR,
  type AuthorHistoryEntry,
  type DecisionAction,
  type DecideOutcome,
  type DecisionRecord,
  type ModerationItemRecord,
  type Page,
  type QueueName,
  type StatusCounts,
  type SystemDecision,
  type ThreadCommentRecord,
} from './comment-repository.ts';
export {
  ModeratorRepository,
  hashToken,
  type ModeratorRecord,
  type Role,
} from './moderator-repository.ts';
export {
  EventLog,
  recordEvent,
  type EventQuery,
  type EventRecord,
  type EventType,
  type NewEvent,
} from './event-log.ts';
export {
  VerdictRepository,
  type HoldOutcomeRecord,
  type VerdictRecord,
} from './verdict-repository.ts';
export {
  PolicyRepository,
  type NewPolicyVersion,
  type PolicyVersionRecord,
  type PolicyVersionSummary,
} from './policy-repository.ts';
export {
  ScorerModelRepository,
  type NewScorerModel,
  type ScorerModelRecord,
  type ScorerModelSummary,
} from './scorer-model-repository.ts';
export { encodeCursor, decodeCursor, type Cursor } from './cursor.ts';
export { ensureSeedArticle, parseSeedArticle, SEED_ARTICLE_ID } from './seed.ts';
export {
  ReportRepository,
  openReportSummaries,
  readerActor,
  type ReportReason,
  type ReportSummary,
  type ReportedComment,
  type ReportsVerdict,
  type ReviewOutcome,
} from './report-repository.ts';
export { BacktestSamples, type BacktestComment } from './backtest-sample.ts';
export {
  WebhookRepository,
  type AttemptOutcome,
  type DeliveryAttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type NewDelivery,
  type WebhookChange,
  type WebhookRecord,
  type WebhookTarget,
} from './webhook-repository.ts';
