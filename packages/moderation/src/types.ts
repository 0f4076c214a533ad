/**
 * The public contract of the moderation engine. The worker, the batch CLI and the moderator
 * console depend on these shapes; change them only together with their users.
 */

/** What a rule asks for. `score` contributes to a total without deciding on its own. */
export type FindingAction = 'approve' | 'hold' | 'reject' | 'score';

/** The outcome of moderation. Strength: reject > hold > approve. */
export type DecisionAction = 'approve' | 'hold' | 'reject';

/** A half-open range [start, end) of UTF-16 code units in the ORIGINAL comment body. */
export interface Span {
  start: number;
  end: number;
  /** body.slice(start, end), for humans reading the finding. */
  text: string;
}

export interface Finding {
  /** Stable rule id, e.g. "banned-words", "suspect-words", "length", "links". */
  rule: string;
  /**
   * Stable id of the reason, finer than the rule ("banned-word", "too-long", "author-new",
   * "near-duplicate"…): the key of its message in `REASON_MESSAGES`.
   */
  code: string;
  /** The values the reason's message interpolates (term, count, limit…). */
  params: FindingParams;
  action: FindingAction;
  /** One sentence a moderator can read: why this rule fired (English; see `renderReason`). */
  reason: string;
  /** Where in the original text; empty when the finding is about the whole comment. */
  spans: Span[];
  /** Rule-specific details (the matched term, the limit, the count…), JSON-serialisable. */
  [detail: string]: unknown;
}

/** Values interpolated into a reason's message. */
export type FindingParams = Record<string, string | number>;

export interface Decision {
  action: DecisionAction;
  findings: Finding[];
  /** Version of the policy that produced this decision. */
  policyVersion: number;
  /** Version of the learned scorer that scored the comment; absent when none ran. */
  modelVersion?: string;
}

/** A previous comment by the same author, newest first (for repeat-post detection). */
export interface HistoryEntry {
  body: string;
  createdAt: Date;
  status: 'pending' | 'approved' | 'rejected';
}

export interface ModerationInput {
  body: string;
  author?: { name?: string; email?: string };
}

/** Everything the engine needs from the outside world, passed in: no clock, no I/O inside. */
export interface ModerationContext {
  now: Date;
  /** The author's recent comments, newest first. Omitted = unknown (treated as none). */
  history?: HistoryEntry[];
  /**
   * How the newsroom regards this author. Omitted = "regular". "premoderated": every comment
   * is held for a moderator (content rules still reject).
   */
  authorTrust?: 'new' | 'regular' | 'trusted' | 'premoderated' | 'banned';
  /** The author's previously approved comments (for "hold new authors' first N"). */
  approvedCount?: number;
  /** Reader reports against this comment (re-moderation after reports). */
  reportCount?: number;
  /**
   * The author's comments decided by a moderator or the engine inside the policy's
   * `autoPremoderation.windowDays` (for "hold authors whose recent comments were mostly rejected").
   */
  recentOutcomes?: { approved: number; rejected: number };
  /**
   * Recent comments by OTHER authors whose `fingerprint` is close to this one's (the caller
   * keeps the index; see `nearDuplicates` in the policy). Omitted = unknown (none).
   */
  nearDuplicates?: NearDuplicateMatch[];
  /**
   * What the policy's external scorer said about this comment, or why it could not be asked
   * (the caller makes the HTTP call; see `externalScorer` in the policy). Omitted = not asked
   * (no scorer in the policy, or not for this comment's language): the rule stays silent.
   */
  external?: ExternalScore;
}

/** The external scorer's answer, as the caller received and validated it. */
export interface ExternalAnswer {
  status: 'answered';
  /** 0 (fine) to 1 (abusive). */
  score?: number;
  decision?: DecisionAction;
  /** The scorer's own words, shown to moderators as sent. */
  reasons?: string[];
}

/** The external scorer was not heard: timed out, failed, or its circuit breaker is open. */
export interface ExternalSkipped {
  status: 'skipped';
  why: 'timeout' | 'error' | 'circuit-open';
  /** What went wrong, for moderators and operators ("HTTP 503", "no answer within 800 ms"). */
  detail?: string;
}

export type ExternalScore = ExternalAnswer | ExternalSkipped;

/** A recent comment by another author that reads almost the same. */
export interface NearDuplicateMatch {
  commentId: string;
  authorKey: string;
  /** Hamming distance between the two 64-bit fingerprints (0 = same words). */
  distance: number;
}
