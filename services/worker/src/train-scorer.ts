import { createHash } from 'node:crypto';
import type { ScorerModelRepository, VerdictRepository } from '@cm/db';
import {
  learnFromVerdicts,
  parseModel,
  serializeModel,
  type CorpusExample,
  type LearnInput,
  type LearnOptions,
  type LearnResult,
  type ModelEvaluation,
  type ScorerModel,
  type Verdict,
} from '@cm/moderation';
import type { ConfigBus, TrainingJob, TrainingOutcome } from '@cm/queue';

export interface TrainScorerDeps {
  verdicts: Pick<VerdictRepository, 'verdicts'>;
  models: Pick<
    ScorerModelRepository,
    'active' | 'activeVersion' | 'ensureActive' | 'save' | 'list'
  >;
  /** The repository's labelled corpus with its fixed split (read once, kept). */
  corpus: () => readonly CorpusExample[];
  /** The model the worker runs when none is stored yet (MODERATION_MODEL_FILE). */
  bundledModel: () => Promise<ScorerModel>;
  /** Tells the workers a new model is active (null: they find out by polling). */
  bus: Pick<ConfigBus, 'publish'> | null;
  options?: LearnOptions;
  /** Runs the learning itself (default: here, synchronously; the worker runs it in a thread). */
  learn?: (input: LearnInput) => Promise<LearnResult>;
  /** Milliseconds, for the training time (default performance.now). */
  now?: () => number;
}

/** What the `evaluation` column of a trained version holds. */
export interface StoredEvaluation extends ModelEvaluation {
  comparison: {
    /** The stored version it was compared with. */
    activeVersion: number;
    /** The active model's quality on the same held-out comments. */
    active: ModelEvaluation | null;
    activated: boolean;
    reasons: string[];
  };
}

const stringify = (model: ScorerModel) => JSON.stringify(serializeModel(model));

/** Identifies a set of verdicts: the same comments with the same final decisions, in any order. */
export function verdictsDigest(verdicts: readonly Pick<Verdict, 'commentId' | 'action'>[]): string {
  const lines = verdicts.map((v) => `${v.commentId} ${v.action}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
const jsonValue = <T>(value: T) => JSON.parse(JSON.stringify(value)) as T & object;

/**
 * One training run: the moderators' verdicts and the corpus train a candidate, which is stored
 * as a new version with its evaluation and provenance, and activated (and announced to the
 * workers) only if it beats the active model on held-out comments. A worse candidate is stored,
 * not activated, with the reasons. The first run stores the bundled model as the active
 * version when there is none, so every candidate is compared with what the workers run.
 */
export async function trainScorer(
  deps: TrainScorerDeps,
  job: TrainingJob,
): Promise<TrainingOutcome> {
  const now = deps.now ?? (() => performance.now());
  let activeRecord = await deps.models.active();
  if (!activeRecord) {
    const bundled = await deps.bundledModel();
    await deps.models.ensureActive({
      model: stringify(bundled),
      evaluation: bundled.evaluation ? jsonValue(bundled.evaluation) : null,
      trainedOn: { source: 'bundled', modelVersion: bundled.version },
      note: 'The bundled model (packages/moderation/corpus/model.json), stored at the first training run.',
      createdBy: 'system',
    });
    activeRecord = await deps.models.active();
    if (!activeRecord) throw new Error('no active scorer model after storing the bundled one');
  }
  const active = parseModel(JSON.parse(activeRecord.model));
  const verdicts = await deps.verdicts.verdicts();
  const digest = verdictsDigest(verdicts);

  // The schedule retrains only when the moderators have decided something since the last run:
  // the same verdicts would train the same model again.
  if (job.trigger === 'schedule') {
    const [latest] = await deps.models.list(1);
    const trainedOn = latest?.trainedOn as {
      verdictsDigest?: unknown;
      modelVersion?: unknown;
    } | null;
    if (latest && trainedOn?.verdictsDigest === digest) {
      return {
        version: latest.version,
        skipped: true,
        modelVersion: typeof trainedOn.modelVersion === 'string' ? trainedOn.modelVersion : '',
        activated: false,
        reasons: [
          `No verdict changed since version ${latest.version} was trained; nothing new to learn.`,
        ],
        trainingMs: 0,
      };
    }
  }

  const started = now();
  const learn = deps.learn ?? ((input: LearnInput) => Promise.resolve(learnFromVerdicts(input)));
  const result = await learn({
    corpus: deps.corpus(),
    verdicts,
    active,
    ...(deps.options && { options: deps.options }),
  });
  const trainingMs = Math.round(now() - started);

  // Someone activated another version (a rollback) while this one trained: it was compared
  // with a model that is no longer active, so it is stored but not activated.
  const reasons = [...result.reasons];
  let activate = result.activate;
  if (activate && (await deps.models.activeVersion()) !== activeRecord.version) {
    activate = false;
    reasons.push(
      `Version ${activeRecord.version} stopped being the active model while this one trained; not activated.`,
    );
  }
  const evaluation: StoredEvaluation = {
    ...result.evaluation.candidate,
    comparison: {
      activeVersion: activeRecord.version,
      active: result.evaluation.active,
      activated: activate,
      reasons,
    },
  };
  const { version } = await deps.models.save({
    model: stringify(result.model),
    evaluation: jsonValue(evaluation),
    trainedOn: jsonValue({
      ...result.trainedOn,
      modelVersion: result.model.version,
      trigger: job.trigger,
      requestedBy: job.requestedBy,
      verdictsDigest: digest,
      latestVerdictAt:
        verdicts.length === 0
          ? null
          : new Date(
              verdicts.reduce((latest, v) => Math.max(latest, v.decidedAt.getTime()), 0),
            ).toISOString(),
      trainingMs,
    }),
    note: `${activate ? 'Activated' : 'Not activated'}: ${reasons.join(' ')}`,
    createdBy: job.requestedBy,
    activate,
  });
  if (activate && deps.bus) await deps.bus.publish({ kind: 'model', version });
  return {
    version,
    skipped: false,
    modelVersion: result.model.version,
    activated: activate,
    reasons,
    trainingMs,
  };
}
