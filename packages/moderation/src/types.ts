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
  action: FindingAction;
  /** One sentence a moderator can read: why this rule fired. */
  reason: string;
  /** Where in the original text; empty when the finding is about the whole comment. */
  spans: Span[];
  /** Rule-specific details (the matched term, the limit, the count…), JSON-serialisable. */
  [detail: string]: unknown;
}

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
  /** How the newsroom regards this author. Omitted = "regular". */
  authorTrust?: 'new' | 'regular' | 'trusted' | 'banned';
  /** The author's previously approved comments (for "hold new authors' first N"). */
  approvedCount?: number;
  /** Reader reports against this comment (re-moderation after reports). */
  reportCount?: number;
}
