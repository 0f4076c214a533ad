import { ScorerModelRepository, VerdictRepository, type Database } from '@cm/db';
import type { CorpusExample, LearnInput } from '@cm/moderation';
import { scorerCorpus } from '@cm/moderation/corpus';
import {
  ConfigBus,
  createTrainingQueue,
  createTrainingWorker,
  scheduleTraining,
  type RedisClient,
  type TrainingSchedule,
} from '@cm/queue';
import type { Logger } from 'pino';
import { loadModelFile } from './model-file.ts';
import { learnInThread } from './learn-in-thread.ts';
import { trainScorer } from './train-scorer.ts';

export interface RunningTraining {
  stop(): Promise<void>;
}

/**
 * The worker's training side: a BullMQ worker on the training queue (one run at a time per
 * process) and the repeatable schedule. The corpus is read at the first run and kept.
 */
export async function startTraining(
  config: {
    QUEUE_PREFIX: string;
    MODERATION_MODEL_FILE?: string | undefined;
    TRAINING_SCHEDULE: TrainingSchedule;
  },
  deps: {
    db: Database;
    redis: RedisClient;
    logger: Logger;
    /** The training thread's entry point (learn-thread.ts, or its bundle); null: train in this thread. */
    learnThread: URL | null;
  },
): Promise<RunningTraining> {
  const { db, redis, logger } = deps;
  const queue = createTrainingQueue(redis, config.QUEUE_PREFIX);
  queue.on('error', (error) => logger.warn({ err: error }, 'training queue connection error'));
  try {
    await scheduleTraining(queue, config.TRAINING_SCHEDULE);
  } catch (error) {
    await queue.close();
    throw new Error(`TRAINING_SCHEDULE: ${(error as Error).message}`);
  }
  let corpus: readonly CorpusExample[] | undefined;
  const trainingDeps = {
    verdicts: new VerdictRepository(db),
    models: new ScorerModelRepository(db),
    corpus: () => (corpus ??= scorerCorpus()),
    bundledModel: () => loadModelFile(config.MODERATION_MODEL_FILE),
    bus: new ConfigBus(redis, config.QUEUE_PREFIX),
    ...(deps.learnThread && {
      learn: (input: LearnInput) => learnInThread(deps.learnThread!, input),
    }),
  };
  const worker = createTrainingWorker(redis, config.QUEUE_PREFIX, async (job) => {
    logger.info({ jobId: job.id, ...job.data }, 'scorer training started');
    const outcome = await trainScorer(trainingDeps, job.data);
    logger.info({ jobId: job.id, ...outcome }, 'scorer training finished');
    return outcome;
  });
  worker.on('failed', (job, error) =>
    logger.error({ jobId: job?.id, err: error }, 'scorer training failed'),
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'training worker connection error'));
  void worker.run();
  await worker.waitUntilReady();
  return {
    async stop() {
      await worker.close();
      await queue.close();
    },
  };
}
