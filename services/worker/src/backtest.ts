import type { BacktestComment, BacktestSamples, PolicyRepository } from '@cm/db';
import {
  compilePolicy,
  moderate,
  parsePolicy,
  type Decision,
  type DecisionAction,
  type Finding,
  type HistoryEntry,
} from '@cm/moderation';
import type { BacktestJob, BacktestStore } from '@cm/queue';
import type { ActiveConfig } from './live-config.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Examples kept per kind of change (approve→hold…). */
const EXAMPLES_PER_CHANGE = 5;
/** Comments between two progress updates, and between two yields to the comment jobs. */
const PROGRESS_EVERY = 250;
const YIELD_EVERY = 50;

export interface BacktestDeps {
  samples: Pick<BacktestSamples, 'load'>;
  policies: Pick<PolicyRepository, 'get'>;
  store: Pick<BacktestStore, 'update'>;
  /** The active policy and model: the baseline, and the model the candidate runs with. */
  config: () => Promise<ActiveConfig>;
  /** As for live comments: the last `days` of the author's comments, at most `entries`. */
  history: { days: number; entries: number };
  now?: () => Date;
}

type FindingSummary = Pick<Finding, 'rule' | 'action' | 'reason' | 'spans'>;

export interface BacktestExample {
  commentId: string;
  articleId: string;
  body: string;
  /** What the active policy finds, and what the candidate finds (rules that decided). */
  before: FindingSummary[];
  after: FindingSummary[];
}

export interface Agreement {
  /** Flagged = held or rejected; measured against people's final verdicts. */
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Of the comments flagged that people judged, the share they rejected; null when none. */
  precision: number | null;
  /** Of the comments people rejected, the share flagged; null when people rejected none. */
  recall: number | null;
}

export interface BacktestResult {
  baseline: { policyVersion: number; modelVersion: number | null };
  /** The version tested; null for a policy sent inline. */
  candidate: { policyVersion: number | null };
  /** Comments replayed. */
  comments: number;
  /** Comments whose decision would change. */
  changed: number;
  changes: {
    from: DecisionAction;
    to: DecisionAction;
    count: number;
    examples: BacktestExample[];
  }[];
  /** Per rule: comments it held or rejected, under the active policy and under the candidate. */
  rules: { rule: string; before: number; after: number }[];
  /** Agreement with moderators on the comments a person decided (`judged`). */
  agreement: {
    judged: number;
    humanRejects: number;
    before: Agreement;
    after: Agreement;
  };
}

/**
 * Replays stored comments (newest `limit` matching the filters) under the active policy and under
 * the candidate, with the same context for both, so every difference is the policy's doing.
 * The context is rebuilt from the sample itself (the author's earlier comments in it, their
 * status today): close to, not exactly, what the worker saw then. Writes progress and the result
 * to the backtest record; never a decision.
 */
export async function runBacktest(deps: BacktestDeps, job: BacktestJob): Promise<BacktestResult> {
  await deps.store.update(job.id, { status: 'running', progress: 0 });
  const active = await deps.config();
  const stored =
    job.version !== undefined ? (await deps.policies.get(job.version))?.policy : job.policy;
  if (stored === undefined) throw new Error(`policy version ${job.version} does not exist`);
  const candidate = compilePolicy(
    { ...parsePolicy(stored), version: job.version ?? active.policyVersion },
    { model: active.compiled.model },
  );
  const comments = await deps.samples.load({
    limit: job.limit,
    ...(job.articleId !== undefined && { articleId: job.articleId }),
    ...(job.since !== undefined && { since: new Date(job.since) }),
    ...(job.until !== undefined && { until: new Date(job.until) }),
  });

  const tally = new Tally();
  const past = new AuthorPast(deps.history);
  for (const [index, comment] of comments.entries()) {
    const input = {
      body: comment.body,
      author: {
        name: comment.authorName,
        ...(comment.authorEmail && { email: comment.authorEmail }),
      },
    };
    const context = { now: comment.createdAt, ...past.of(comment) };
    tally.add(
      comment,
      moderate(input, active.compiled, context),
      moderate(input, candidate, context),
    );
    past.add(comment);
    if ((index + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    if ((index + 1) % PROGRESS_EVERY === 0)
      await deps.store.update(job.id, {
        progress: Math.min(99, Math.floor(((index + 1) / comments.length) * 100)),
      });
  }
  return {
    baseline: { policyVersion: active.policyVersion, modelVersion: active.modelVersion },
    candidate: { policyVersion: job.version ?? null },
    ...tally.result(),
  };
}

/** The author's earlier comments within the sample, as the engine's history. */
class AuthorPast {
  private readonly byAuthor = new Map<string, BacktestComment[]>();

  constructor(private readonly window: { days: number; entries: number }) {}

  of(comment: BacktestComment): { history: HistoryEntry[]; approvedCount: number } {
    const earlier = this.byAuthor.get(comment.authorKey) ?? [];
    const since = comment.createdAt.getTime() - this.window.days * DAY_MS;
    const history = earlier
      .filter((c) => c.createdAt.getTime() >= since)
      .slice(-this.window.entries)
      .reverse()
      .map((c) => ({ body: c.body, createdAt: c.createdAt, status: c.status }));
    return { history, approvedCount: earlier.filter((c) => c.status === 'approved').length };
  }

  add(comment: BacktestComment): void {
    const list = this.byAuthor.get(comment.authorKey);
    if (list) list.push(comment);
    else this.byAuthor.set(comment.authorKey, [comment]);
  }
}

const deciding = (decision: Decision): FindingSummary[] =>
  decision.findings
    .filter((f) => f.action !== 'score')
    .map(({ rule, action, reason, spans }) => ({ rule, action, reason, spans }));

const flagged = (action: DecisionAction) => action !== 'approve';

class Tally {
  private comments = 0;
  private readonly changes = new Map<string, BacktestResult['changes'][number]>();
  private readonly rules = new Map<string, { before: number; after: number }>();
  private judged = 0;
  private humanRejects = 0;
  private readonly before = { tp: 0, fp: 0, fn: 0 };
  private readonly after = { tp: 0, fp: 0, fn: 0 };

  add(comment: BacktestComment, before: Decision, after: Decision): void {
    this.comments++;
    this.countRules(before, 'before');
    this.countRules(after, 'after');
    if (before.action !== after.action) {
      const key = `${before.action}→${after.action}`;
      let change = this.changes.get(key);
      if (!change) {
        change = { from: before.action, to: after.action, count: 0, examples: [] };
        this.changes.set(key, change);
      }
      change.count++;
      if (change.examples.length < EXAMPLES_PER_CHANGE)
        change.examples.push({
          commentId: comment.id,
          articleId: comment.articleId,
          body: comment.body,
          before: deciding(before),
          after: deciding(after),
        });
    }
    if (comment.humanVerdict) {
      this.judged++;
      const rejected = comment.humanVerdict === 'reject';
      if (rejected) this.humanRejects++;
      score(this.before, flagged(before.action), rejected);
      score(this.after, flagged(after.action), rejected);
    }
  }

  private countRules(decision: Decision, side: 'before' | 'after') {
    for (const rule of new Set(deciding(decision).map((f) => f.rule))) {
      const counts = this.rules.get(rule) ?? { before: 0, after: 0 };
      counts[side]++;
      this.rules.set(rule, counts);
    }
  }

  result() {
    const changes = [...this.changes.values()].sort((a, b) => b.count - a.count);
    return {
      comments: this.comments,
      changed: changes.reduce((sum, c) => sum + c.count, 0),
      changes,
      rules: [...this.rules]
        .map(([rule, counts]) => ({ rule, ...counts }))
        .sort((a, b) => a.rule.localeCompare(b.rule)),
      agreement: {
        judged: this.judged,
        humanRejects: this.humanRejects,
        before: agreement(this.before),
        after: agreement(this.after),
      },
    };
  }
}

function score(counts: { tp: number; fp: number; fn: number }, flag: boolean, rejected: boolean) {
  if (flag && rejected) counts.tp++;
  else if (flag) counts.fp++;
  else if (rejected) counts.fn++;
}

function agreement({ tp, fp, fn }: { tp: number; fp: number; fn: number }): Agreement {
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
  };
}
