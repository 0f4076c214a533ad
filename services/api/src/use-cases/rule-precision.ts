import type { PrecisionReportDto } from '@cm/contracts';
import type { HoldOutcomeRecord, VerdictRepository } from '@cm/db';
import { languageOfComment } from '@cm/moderation';

export interface RulePrecisionDeps {
  verdicts: Pick<VerdictRepository, 'holdOutcomes'>;
}

interface Counts {
  decided: number;
  upheld: number;
  overturned: number;
}

const DAY_MS = 86_400_000;

const withPrecision = (c: Counts) => ({
  ...c,
  precision: c.decided === 0 ? 0 : c.upheld / c.decided,
});
const byDecided = (a: Counts & { key: string }, b: Counts & { key: string }) =>
  b.decided - a.decided || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The findings of a system decision that asked for a hold or a rejection. */
function decisiveFindings(
  findings: unknown,
): { rule: string; term: string | null; action: 'hold' | 'reject' }[] {
  if (!Array.isArray(findings)) return [];
  return findings.flatMap((f: unknown) => {
    if (typeof f !== 'object' || f === null) return [];
    const { rule, action, term } = f as Record<string, unknown>;
    if (typeof rule !== 'string' || (action !== 'hold' && action !== 'reject')) return [];
    return [{ rule, term: typeof term === 'string' ? term : null, action }];
  });
}

/**
 * How often each rule's holds and rejections were upheld (the moderator rejected the comment)
 * or overturned (approved): per rule, term (word rules) and language, from the comments the
 * system held or rejected and a moderator decided, whose latest moderator decision falls in
 * the window. A comment held by two rules counts for both. Pure.
 */
export function precisionReport(
  outcomes: readonly HoldOutcomeRecord[],
  window: { days: number; since: Date },
): PrecisionReportDto {
  const items = new Map<
    string,
    Counts & { rule: string; term: string | null; language: string; action: 'hold' | 'reject' }
  >();
  const rules = new Map<string, Counts & { rule: string }>();
  const totals: Counts = { decided: 0, upheld: 0, overturned: 0 };
  const count = (c: Counts, upheld: boolean) => {
    c.decided++;
    if (upheld) c.upheld++;
    else c.overturned++;
  };
  for (const outcome of outcomes) {
    const upheld = outcome.action === 'reject';
    count(totals, upheld);
    const language = languageOfComment(outcome.body, outcome.articleLanguage);
    const seen = new Set<string>();
    for (const finding of decisiveFindings(outcome.findings)) {
      const key = JSON.stringify([finding.rule, finding.term, language, finding.action]);
      // One comment counts once per key, however many spans the finding has.
      if (seen.has(key)) continue;
      seen.add(key);
      const item =
        items.get(key) ??
        items.set(key, { ...finding, language, decided: 0, upheld: 0, overturned: 0 }).get(key)!;
      count(item, upheld);
      if (!seen.has(`rule:${finding.rule}`)) {
        seen.add(`rule:${finding.rule}`);
        const rule =
          rules.get(finding.rule) ??
          rules
            .set(finding.rule, { rule: finding.rule, decided: 0, upheld: 0, overturned: 0 })
            .get(finding.rule)!;
        count(rule, upheld);
      }
    }
  }
  return {
    days: window.days,
    since: window.since.toISOString(),
    totals: withPrecision(totals),
    rules: [...rules.values()]
      .map((r) => ({ ...r, key: r.rule }))
      .sort(byDecided)
      .map(({ rule, decided, upheld, overturned }) => ({
        rule,
        ...withPrecision({ decided, upheld, overturned }),
      })),
    items: [...items.entries()]
      .map(([key, item]) => ({ ...item, key }))
      .sort(byDecided)
      .map(({ rule, term, language, action, decided, upheld, overturned }) => ({
        rule,
        term,
        language,
        action,
        ...withPrecision({ decided, upheld, overturned }),
      })),
  };
}

/** The rules' precision over the last `days` days, from the moderators' final decisions. */
export async function rulePrecision(
  deps: RulePrecisionDeps,
  days: number,
  now: Date,
): Promise<PrecisionReportDto> {
  const since = new Date(now.getTime() - days * DAY_MS);
  return precisionReport(await deps.verdicts.holdOutcomes(since), { days, since });
}
