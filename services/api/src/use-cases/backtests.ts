import { randomUUID } from 'node:crypto';
import { BacktestNotFound, PolicyVersionNotFound, type StartBacktestBody } from '@cm/contracts';
import type { PolicyRepository } from '@cm/db';
import { storedPolicy } from '@cm/moderation';
import {
  BACKTEST_JOB,
  type BacktestQueue,
  type BacktestRecord,
  type BacktestStore,
} from '@cm/queue';

export interface BacktestDeps {
  policies: Pick<PolicyRepository, 'get'>;
  backtests: { queue: Pick<BacktestQueue, 'add'>; store: Pick<BacktestStore, 'put' | 'get'> };
}

/**
 * Queues a backtest of a policy (inline, or a saved version) over stored comments. The worker
 * runs it on its low-priority queue; nothing is decided or stored but the backtest's record.
 */
export async function startBacktest(
  deps: BacktestDeps,
  input: StartBacktestBody,
  actor: string,
): Promise<BacktestRecord> {
  if (input.version !== undefined && !(await deps.policies.get(input.version)))
    throw new PolicyVersionNotFound(input.version);
  const id = randomUUID();
  const record: BacktestRecord = {
    id,
    status: 'queued',
    progress: 0,
    request: {
      version: input.version ?? null,
      limit: input.limit,
      articleId: input.articleId ?? null,
      since: input.since ?? null,
      until: input.until ?? null,
    },
    createdBy: actor,
    createdAt: new Date().toISOString(),
    finishedAt: null,
    error: null,
    result: null,
  };
  await deps.backtests.store.put(record);
  await deps.backtests.queue.add(
    BACKTEST_JOB,
    {
      id,
      limit: input.limit,
      ...(input.version !== undefined && { version: input.version }),
      ...(input.policy !== undefined && { policy: storedPolicy(input.policy) }),
      ...(input.articleId !== undefined && { articleId: input.articleId }),
      ...(input.since !== undefined && { since: input.since }),
      ...(input.until !== undefined && { until: input.until }),
    },
    { jobId: id },
  );
  return record;
}

export async function backtest(deps: BacktestDeps, id: string): Promise<BacktestRecord> {
  const record = await deps.backtests.store.get(id);
  if (!record) throw new BacktestNotFound(id);
  return record;
}
