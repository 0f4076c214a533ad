// Requests and responses of the policy API (/api/v1/policy…). The policy itself is the engine's
// own schema (packages/moderation policySchema): the API validates exactly what workers run.
import { policySchema } from '@cm/moderation';
import { z } from 'zod';

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
