// Requests and responses of the policy API (/api/v1/policy…). The policy itself is the engine's
// own schema (packages/moderation policySchema): the API validates exactly what workers run.
import { policySchema } from '@cm/moderation';
import { z } from 'zod';
import { articleIdSchema } from './requests.ts';

/** A policy version number in a path or query. */
export const policyVersionNumberSchema = z.coerce
  .number({ error: 'a version is a whole number from 1' })
  .int('a version is a whole number from 1')
  .min(1, 'a version is a whole number from 1')
  .max(2_147_483_647, 'no such version');

export const policyVersionPathSchema = z.object({ version: policyVersionNumberSchema });

export const putPolicyBodySchema = z
  .strictObject({
    policy: policySchema.describe(
      'The whole policy (see the policy format); omitted settings take their defaults. Any "version" inside is ignored: the service numbers versions.',
    ),
    note: z
      .string()
      .trim()
      .max(500, 'a note is at most 500 characters')
      .optional()
      .describe('Why this change (shown in the version history).'),
    activate: z
      .boolean()
      .default(true)
      .describe('false saves a draft (for a backtest, or to activate later) without using it.'),
  })
  .meta({ id: 'PutPolicyBody' });
export type PutPolicyBody = z.output<typeof putPolicyBodySchema>;

export const policyDiffQuerySchema = z.strictObject({
  from: policyVersionNumberSchema,
  to: policyVersionNumberSchema.optional().describe('Default: the active version.'),
});

export const policyVersionSummarySchema = z
  .object({
    version: z.int(),
    note: z.string().nullable(),
    /** "admin", a moderator id, or "system" (the policy file saved at first start). */
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    activatedAt: z.iso.datetime().nullable().describe('When it last became active; null: a draft.'),
    active: z.boolean().describe('The version every worker runs now.'),
  })
  .meta({ id: 'PolicyVersionSummary' });
export type PolicyVersionSummaryDto = z.output<typeof policyVersionSummarySchema>;

export const policyVersionSchema = policyVersionSummarySchema
  .extend({
    policy: z
      .record(z.string(), z.unknown())
      .describe('The policy as stored: every setting filled in.'),
  })
  .meta({ id: 'PolicyVersion' });
export type PolicyVersionDto = z.output<typeof policyVersionSchema>;

export const policyVersionListSchema = z
  .object({ items: z.array(policyVersionSummarySchema) })
  .meta({ id: 'PolicyVersionList' });

export const policyDiffSchema = z
  .object({
    from: z.int(),
    to: z.int(),
    lists: z
      .array(
        z.object({
          path: z.string().describe('e.g. "bannedWords", "links.allowDomains".'),
          added: z.array(z.unknown()),
          removed: z.array(z.unknown()),
        }),
      )
      .describe('Lists whose items changed (order does not count).'),
    changed: z
      .array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() }))
      .describe('Other settings whose value changed, by path (e.g. "classifier.holdAt").'),
  })
  .meta({ id: 'PolicyDiff' });
export type PolicyDiffDto = z.output<typeof policyDiffSchema>;

const isoInstant = z.iso.datetime({
  offset: true,
  error: 'an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z',
});

export const startBacktestBodySchema = z
  .strictObject({
    policy: policySchema
      .optional()
      .describe('A policy to try without saving it (validated like PUT /policy)…'),
    version: z
      .int('a version is a whole number from 1')
      .min(1, 'a version is a whole number from 1')
      .optional()
      .describe('…or a saved version (a draft, or an older one).'),
    limit: z
      .int()
      .min(1)
      .max(50_000)
      .default(10_000)
      .describe('How many of the newest matching comments to replay.'),
    articleId: articleIdSchema.optional().describe('Only this article’s comments.'),
    since: isoInstant.optional().describe('Only comments created at or after this time.'),
    until: isoInstant.optional().describe('Only comments created before this time.'),
  })
  .refine((body) => (body.policy === undefined) !== (body.version === undefined), {
    message: 'send either "policy" (a policy to try) or "version" (a saved one), not both',
    path: ['policy'],
  })
  .meta({ id: 'StartBacktestBody' });
export type StartBacktestBody = z.output<typeof startBacktestBodySchema>;

export const backtestIdPathSchema = z.object({
  id: z.uuid({ version: 'v4', error: 'not a backtest id' }),
});

const findingSummary = z.object({
  rule: z.string(),
  action: z.string(),
  reason: z.string(),
  spans: z.array(z.object({ start: z.int(), end: z.int(), text: z.string() })),
});
const agreementSchema = z.object({
  truePositives: z.int(),
  falsePositives: z.int(),
  falseNegatives: z.int(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
});
const action = z.enum(['approve', 'hold', 'reject']);

export const backtestResultSchema = z
  .object({
    baseline: z.object({ policyVersion: z.int(), modelVersion: z.int().nullable() }),
    candidate: z.object({ policyVersion: z.int().nullable() }),
    comments: z.int().describe('Comments replayed.'),
    changed: z.int().describe('Comments whose decision would change.'),
    changes: z.array(
      z.object({
        from: action,
        to: action,
        count: z.int(),
        examples: z.array(
          z.object({
            commentId: z.string(),
            articleId: z.string(),
            body: z.string(),
            before: z.array(findingSummary),
            after: z.array(findingSummary),
          }),
        ),
      }),
    ),
    rules: z.array(z.object({ rule: z.string(), before: z.int(), after: z.int() })),
    agreement: z.object({
      judged: z.int().describe('Replayed comments a moderator decided.'),
      humanRejects: z.int(),
      before: agreementSchema,
      after: agreementSchema,
    }),
  })
  .meta({ id: 'BacktestResult' });

export const backtestSchema = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    progress: z.int().min(0).max(100),
    request: z.object({
      version: z.int().nullable().describe('null: a policy sent inline.'),
      limit: z.int(),
      articleId: z.string().nullable(),
      since: z.string().nullable(),
      until: z.string().nullable(),
    }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    error: z.string().nullable(),
    result: backtestResultSchema.nullable(),
  })
  .meta({ id: 'Backtest' });
export type BacktestDto = z.output<typeof backtestSchema>;
