import { reportJobSchema } from '@cm/contracts';
import type { ReportRepository, ReportsVerdict, ReviewOutcome } from '@cm/db';
import { moderate, type CompiledPolicy } from '@cm/moderation';
import { UnrecoverableError, type ThreadCache } from '@cm/queue';

export interface ReviewReportsDeps {
  reports: Pick<ReportRepository, 'review'>;
  threadCache: Pick<ThreadCache, 'invalidate'>;
  /** The active policy (awaited: it may still be loading at start). */
  policy: () => Promise<CompiledPolicy>;
  now?: () => Date;
}

/**
 * The "review reports" job: compare a comment's weighted reader reports with the policy by
 * running the engine with `reportCount` = the weighted count, and act on the reports rule alone
 * (the comment's text was judged when it was posted). The rule's hold puts the comment in the
 * reported queue, still shown; its reject — the policy's second, higher threshold — hides it until
 * a moderator decides. Reports never reject a comment by themselves.
 */
export async function reviewReports(
  deps: ReviewReportsDeps,
  data: unknown,
): Promise<{ outcome: ReviewOutcome['kind']; weight?: number }> {
  const parsed = reportJobSchema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError('invalid review-reports job');
  const now = deps.now?.() ?? new Date();
  const compiled = await deps.policy();
  const result = await deps.reports.review(
    parsed.data.commentId,
    (comment, summary): ReportsVerdict => {
      const decision = moderate(
        {
          body: comment.body,
          author: {
            name: comment.authorName,
            ...(comment.authorEmail && { email: comment.authorEmail }),
          },
        },
        compiled,
        { now, reportCount: summary.weight },
      );
      const findings = decision.findings.filter((f) => f.rule === 'reports');
      const strongest = findings.some((f) => f.action === 'reject')
        ? 'hide'
        : findings.some((f) => f.action === 'hold')
          ? 'flag'
          : 'none';
      return { action: strongest, findings, policyVersion: decision.policyVersion };
    },
    now,
  );
  if (result.kind === 'hidden') await deps.threadCache.invalidate(result.articleId);
  return {
    outcome: result.kind,
    ...(result.kind !== 'not-found' && result.summary && { weight: result.summary.weight }),
  };
}
