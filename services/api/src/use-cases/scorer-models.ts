import { TrainingRunNotFound } from '@cm/contracts';
import type { ScorerModelRepository, ScorerModelSummary } from '@cm/db';
import { requestTraining, trainingRun, type TrainingQueue, type TrainingRun } from '@cm/queue';

export interface ScorerModelsDeps {
  scorerModels: Pick<ScorerModelRepository, 'list' | 'activeVersion'>;
  trainingQueue: TrainingQueue;
}

/**
 * Asks the workers to train the scorer on the moderators' verdicts now. Resolves with the run's
 * id once it is queued; while a run waits or runs, that run's id.
 */
export const requestScorerTraining = (
  deps: ScorerModelsDeps,
  actor: string,
): Promise<{ jobId: string }> => requestTraining(deps.trainingQueue, actor);

/** A training run's state and, once finished, its outcome. */
export async function scorerTrainingRun(
  deps: ScorerModelsDeps,
  jobId: string,
): Promise<TrainingRun> {
  const run = await trainingRun(deps.trainingQueue, jobId);
  if (!run) throw new TrainingRunNotFound(jobId);
  return run;
}

/** Every stored model version, newest first, and which one is active. */
export async function listScorerModels(
  deps: ScorerModelsDeps,
): Promise<{ active: number | null; items: ScorerModelSummary[] }> {
  const [items, active] = await Promise.all([
    deps.scorerModels.list(),
    deps.scorerModels.activeVersion(),
  ]);
  return { active, items };
}
