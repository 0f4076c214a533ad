/**
 * Batch moderation: one JSON comment per input line, one JSON decision per output line.
 *
 *   npm run --silent moderate < comments.jsonl > decisions.jsonl   # the worker's defaults
 *   npm run --silent moderate -- --policy policy.json --model model.json < comments.jsonl
 *
 * With scorer/train-cli.ts and scorer/corpus-files.ts, the only files in the package that do I/O.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  compilePolicy,
  DEFAULT_MODEL_FILE,
  DEFAULT_POLICY_FILE,
  moderate,
  parseModel,
  parsePolicy,
  type CompiledPolicy,
  type ModerationContext,
  type ScorerModel,
} from './index.ts';

const USAGE = `usage: moderate [--policy policy.json] [--model model.json] < comments.jsonl > decisions.jsonl

Without --policy and --model it uses the same bundled policy and learned scorer as the worker:
  ${DEFAULT_POLICY_FILE}
  ${DEFAULT_MODEL_FILE}

Each input line is a JSON object: { "id", "body" } and optionally "author" ({ name, email }),
"authorTrust" (new|regular|trusted|premoderated|banned), "approvedCount", "reportCount",
"recentOutcomes" ({ approved, rejected }), "createdAt"
(ISO time, default: now) and "history" ([{ body, createdAt, status }], newest first).
Each output line is { "id", "decision", "findings", "policyVersion", "modelVersion" }, or
{ "id"|"line", "error" }.`;

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  body: z.string(),
  author: z.object({ name: z.string().optional(), email: z.string().optional() }).optional(),
  authorTrust: z.enum(['new', 'regular', 'trusted', 'premoderated', 'banned']).optional(),
  recentOutcomes: z.strictObject({ approved: z.int().min(0), rejected: z.int().min(0) }).optional(),
  approvedCount: z.int().min(0).optional(),
  reportCount: z.int().min(0).optional(),
  createdAt: isoDate.optional(),
  history: z
    .array(
      z.object({
        body: z.string(),
        createdAt: isoDate,
        status: z.enum(['pending', 'approved', 'rejected']),
      }),
    )
    .optional(),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      policy: { type: 'string' },
      model: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const policyFile = values.policy ?? DEFAULT_POLICY_FILE;
  const modelFile = values.model ?? DEFAULT_MODEL_FILE;
  let model: ScorerModel;
  try {
    model = parseModel(JSON.parse(await readFile(modelFile, 'utf8')));
  } catch (error) {
    process.stderr.write(`moderate: cannot use model ${modelFile}: ${(error as Error).message}\n`);
    return 2;
  }
  let compiled: CompiledPolicy;
  try {
    compiled = compilePolicy(parsePolicy(JSON.parse(await readFile(policyFile, 'utf8'))), {
      model,
    });
  } catch (error) {
    process.stderr.write(
      `moderate: cannot use policy ${policyFile}: ${(error as Error).message}\n`,
    );
    return 2;
  }

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const output = decideLine(line, lineNumber, compiled);
    if (!process.stdout.write(`${JSON.stringify(output)}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
  return 0;
}

function decideLine(
  line: string,
  lineNumber: number,
  compiled: CompiledPolicy,
): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return {
      line: lineNumber,
      error: `line ${lineNumber} is not valid JSON: ${(error as Error).message}`,
    };
  }
  const parsed = lineSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const where = typeof id === 'string' || typeof id === 'number' ? { id } : { line: lineNumber };
    return { ...where, error: z.prettifyError(parsed.error).replace(/\n/g, ' ') };
  }
  const comment = parsed.data;
  const context: ModerationContext = { now: comment.createdAt ?? new Date() };
  if (comment.history) context.history = comment.history;
  if (comment.authorTrust) context.authorTrust = comment.authorTrust;
  if (comment.approvedCount !== undefined) context.approvedCount = comment.approvedCount;
  if (comment.reportCount !== undefined) context.reportCount = comment.reportCount;
  if (comment.recentOutcomes) context.recentOutcomes = comment.recentOutcomes;
  const input = comment.author
    ? { body: comment.body, author: comment.author }
    : { body: comment.body };
  try {
    const decision = moderate(input, compiled, context);
    return {
      id: comment.id,
      decision: decision.action,
      findings: decision.findings,
      policyVersion: decision.policyVersion,
      ...(decision.modelVersion ? { modelVersion: decision.modelVersion } : {}),
    };
  } catch (error) {
    return { id: comment.id, error: `could not moderate: ${(error as Error).message}` };
  }
}

process.exitCode = await main();
