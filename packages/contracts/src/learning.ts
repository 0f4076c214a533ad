import { z } from 'zod';

// The learning loop's API: training runs of the learned scorer, its stored versions with their
// evaluation, and how often each rule's holds were upheld by moderators.

export const trainingAcceptedSchema = z
  .strictObject({
    jobId: z
      .string()
      .meta({ description: 'The training run; poll /api/v1/admin/models/training/{jobId}.' }),
    status: z.literal('queued'),
  })
  .meta({ id: 'TrainingAccepted' });

export const trainingJobIdSchema = z.string().min(1).max(200);

export const trainingRunSchema = z
  .strictObject({
    id: z.string(),
    state: z.enum(['waiting', 'active', 'completed', 'failed']),
    trigger: z.enum(['schedule', 'on-demand']),
    requestedBy: z.string(),
    requestedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    outcome: z
      .strictObject({
        version: z.int().meta({ description: 'The stored version (see /api/v1/admin/models).' }),
        skipped: z.boolean().meta({
          description:
            'A scheduled run found no verdict changed since the last run and trained nothing; `version` is the latest stored one.',
        }),
        modelVersion: z.string().meta({ example: 'learned-1a2b3c4d' }),
        activated: z.boolean(),
        reasons: z.array(z.string()),
        trainingMs: z.int(),
      })
      .nullable()
      .meta({ description: 'When completed: the version it stored and whether it was activated.' }),
    error: z.string().nullable().meta({ description: 'When failed: why.' }),
  })
  .meta({ id: 'TrainingRun' });
export type TrainingRunDto = z.infer<typeof trainingRunSchema>;

export const modelQualitySchema = z
  .strictObject({
    n: z.int(),
    abusive: z.int().meta({ description: 'Abusive held-out comments.' }),
    clean: z.int().meta({ description: 'Clean held-out comments.' }),
    abusiveHeld: z.number().meta({ description: 'Share of abusive comments held (score ≥ 0.5).' }),
    cleanHeld: z.number().meta({ description: 'Share of clean comments held (wrongly).' }),
    rocAuc: z.number().meta({ description: 'ROC AUC of the score.' }),
  })
  .meta({ id: 'ModelQuality' });

export const modelEvaluationSchema = z
  .strictObject({
    overall: modelQualitySchema,
    perLanguage: z.record(z.string(), modelQualitySchema),
  })
  .meta({
    id: 'ModelEvaluation',
    description: 'Quality on held-out comments no model trained on.',
  });
export type ModelEvaluationDto = z.infer<typeof modelEvaluationSchema>;

export const scorerModelSchema = z
  .strictObject({
    version: z.int(),
    modelVersion: z
      .string()
      .nullable()
      .meta({ description: 'The model\'s own id, as decisions name it ("learned-1a2b3c4d").' }),
    active: z.boolean(),
    activatedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    note: z.string().nullable(),
    evaluation: modelEvaluationSchema.nullable(),
    comparison: z
      .strictObject({
        activeVersion: z.int().meta({ description: 'The version it was compared with.' }),
        active: modelEvaluationSchema
          .nullable()
          .meta({ description: 'That version on the same held-out comments.' }),
        activated: z.boolean(),
        reasons: z.array(z.string()),
      })
      .nullable()
      .meta({ description: 'For trained versions: the comparison that decided activation.' }),
    trainedOn: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'Provenance: corpus and verdict counts per language, trigger, time.' }),
  })
  .meta({ id: 'ScorerModel' });
export type ScorerModelDto = z.infer<typeof scorerModelSchema>;

export const scorerModelListSchema = z
  .strictObject({
    active: z.int().nullable().meta({ description: 'The active version (null: none stored yet).' }),
    items: z.array(scorerModelSchema).meta({ description: 'Newest first.' }),
  })
  .meta({ id: 'ScorerModelList' });

export const precisionQuerySchema = z.strictObject({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .meta({ description: "Window: moderators' final decisions of the last N days (1–365)." }),
});

const outcomeCounts = {
  decided: z.int().meta({ description: 'Holds (or rejections) a moderator then decided.' }),
  upheld: z.int().meta({ description: 'The moderator rejected the comment: the rule was right.' }),
  overturned: z.int().meta({ description: 'The moderator approved it: the rule was wrong.' }),
  precision: z.number().meta({ description: 'upheld ÷ decided.' }),
};

export const rulePrecisionSchema = z
  .strictObject({
    rule: z.string().meta({ example: 'suspect-words' }),
    term: z
      .string()
      .nullable()
      .meta({ description: 'Word rules: the listed term the finding matched; else null.' }),
    language: z.string().meta({
      description:
        "The comment's language: the article's when written in its script; `und` when unknown.",
    }),
    action: z.enum(['hold', 'reject']).meta({ description: 'What the rule asked for.' }),
    ...outcomeCounts,
  })
  .meta({ id: 'RulePrecision' });

export const precisionReportSchema = z
  .strictObject({
    days: z.int(),
    since: z.iso.datetime(),
    totals: z.strictObject(outcomeCounts).meta({
      description: 'Comments the system held or rejected and a moderator decided in the window.',
    }),
    rules: z
      .array(z.strictObject({ rule: z.string(), ...outcomeCounts }))
      .meta({ description: 'Per rule, every term and language together; most decided first.' }),
    items: z
      .array(rulePrecisionSchema)
      .meta({ description: 'Per rule, term, language and action; most decided first.' }),
  })
  .meta({ id: 'PrecisionReport' });
export type PrecisionReportDto = z.infer<typeof precisionReportSchema>;
