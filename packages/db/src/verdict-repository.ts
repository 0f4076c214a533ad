import type { Database } from './client.ts';
import { SYSTEM_ACTOR } from './comment-repository.ts';

/** A moderator's final word on a comment: the latest decision not taken by the system. */
export interface VerdictRecord {
  commentId: string;
  body: string;
  articleLanguage: string;
  action: 'approve' | 'reject';
  decidedAt: Date;
}

/** A moderator's final word on a comment the system held or rejected, with the system's findings. */
export interface HoldOutcomeRecord {
  commentId: string;
  body: string;
  articleLanguage: string;
  /** The system's decision before the moderator's. */
  systemAction: 'approve' | 'hold' | 'reject';
  /** The system's findings as the engine wrote them. */
  findings: unknown;
  /** The moderator's final decision. */
  action: 'approve' | 'reject';
  decidedAt: Date;
}

const ACTION: Record<string, 'approve' | 'hold' | 'reject'> = {
  APPROVE: 'approve',
  HOLD: 'hold',
  REJECT: 'reject',
};

/**
 * The moderators' verdicts, read for the scorer's training and for the rules' precision. A
 * comment's verdict is its latest moderator (or admin) decision; decisions by the system are
 * never verdicts.
 */
export class VerdictRepository {
  constructor(private readonly db: Database) {}

  /** Every comment a moderator has decided, with the latest moderator decision. */
  async verdicts(): Promise<VerdictRecord[]> {
    const rows = await this.db.$queryRaw<
      { comment_id: string; action: string; created_at: Date; body: string; language: string }[]
    >`
      SELECT DISTINCT ON (d.comment_id) d.comment_id::text, d.action::text, d.created_at, c.body, a.language
      FROM decisions d
      JOIN comments c ON c.id = d.comment_id
      JOIN articles a ON a.id = c.article_id
      WHERE d.decided_by <> ${SYSTEM_ACTOR} AND d.action IN ('APPROVE', 'REJECT')
      ORDER BY d.comment_id, d.created_at DESC, d.id DESC`;
    return rows.map((r) => ({
      commentId: r.comment_id,
      body: r.body,
      articleLanguage: r.language,
      action: r.action === 'REJECT' ? 'reject' : 'approve',
      decidedAt: r.created_at,
    }));
  }

  /**
   * Comments the system held or rejected and a moderator then decided, whose latest moderator
   * decision falls at or after `since`, with the system's latest decision before it.
   */
  async holdOutcomes(since: Date): Promise<HoldOutcomeRecord[]> {
    const rows = await this.db.$queryRaw<
      {
        comment_id: string;
        action: string;
        created_at: Date;
        body: string;
        language: string;
        system_action: string;
        findings: unknown;
      }[]
    >`
      WITH latest AS (
        SELECT DISTINCT ON (comment_id) comment_id, action, created_at
        FROM decisions
        WHERE decided_by <> ${SYSTEM_ACTOR} AND action IN ('APPROVE', 'REJECT')
        ORDER BY comment_id, created_at DESC, id DESC
      )
      SELECT l.comment_id::text, l.action::text, l.created_at, c.body, a.language,
             s.action::text AS system_action, s.findings
      FROM latest l
      JOIN comments c ON c.id = l.comment_id
      JOIN articles a ON a.id = c.article_id
      JOIN LATERAL (
        SELECT action, findings FROM decisions
        WHERE comment_id = l.comment_id AND decided_by = ${SYSTEM_ACTOR} AND created_at <= l.created_at
        ORDER BY created_at DESC, id DESC LIMIT 1
      ) s ON true
      WHERE l.created_at >= ${since} AND s.action IN ('HOLD', 'REJECT')
      ORDER BY l.created_at, l.comment_id`;
    return rows.map((r) => ({
      commentId: r.comment_id,
      body: r.body,
      articleLanguage: r.language,
      systemAction: ACTION[r.system_action] ?? 'hold',
      findings: r.findings,
      action: r.action === 'REJECT' ? 'reject' : 'approve',
      decidedAt: r.created_at,
    }));
  }
}
