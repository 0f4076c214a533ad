import type { Database } from './client.ts';
import { recordEvent } from './event-log.ts';
import { Prisma } from './generated/prisma/client.ts';
import { activeVersion, lockVersions, markActive } from './versioned.ts';

/** A stored scorer model without the model itself (lists). */
export interface ScorerModelSummary {
  version: number;
  /** Its quality on held-out comments, when measured (JSON as stored). */
  evaluation: unknown;
  /** What it was trained on (JSON as stored). */
  trainedOn: unknown;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
  active: boolean;
}

/** A stored scorer model with the model file's JSON text (packages/moderation `parseModel`). */
export interface ScorerModelRecord extends ScorerModelSummary {
  model: string;
}

export interface NewScorerModel {
  /** `JSON.stringify(serializeModel(model))`. */
  model: string;
  evaluation?: Prisma.InputJsonValue | null;
  trainedOn?: Prisma.InputJsonValue | null;
  note?: string | null;
  createdBy: string;
  /** Activate it in the same transaction (default false). */
  activate?: boolean;
}

const TABLE = 'scorer_models';

type Row = Prisma.ScorerModelGetPayload<object>;

const summary = (row: Omit<Row, 'model'>, active: number | null): ScorerModelSummary => ({
  version: row.version,
  evaluation: row.evaluation,
  trainedOn: row.trainedOn,
  note: row.note,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  activatedAt: row.activatedAt,
  active: row.version === active,
});

const json = (value: Prisma.InputJsonValue | null | undefined) =>
  value === null || value === undefined ? Prisma.DbNull : value;

/**
 * Learned scorer models as living data, like policies: saved as new versions, one active.
 * Saving and activating write `model.saved` / `model.activated` in the same transaction.
 */
export class ScorerModelRepository {
  constructor(private readonly db: Database) {}

  async save(input: NewScorerModel): Promise<{ version: number }> {
    return this.db.$transaction(async (tx) => {
      if (input.activate) await lockVersions(tx, TABLE);
      const version = await this.insert(tx, input);
      if (input.activate) await this.activateIn(tx, version, input.createdBy);
      return { version };
    });
  }

  /** As `PolicyRepository.activate`: null when no such version, `changed: false` when already active. */
  async activate(
    version: number,
    actor: string,
  ): Promise<{ version: number; previous: number | null; changed: boolean } | null> {
    return this.db.$transaction(async (tx) => {
      await lockVersions(tx, TABLE);
      if ((await activeVersion(tx, TABLE)) === version) {
        const exists = await tx.scorerModel.count({ where: { version } });
        return exists ? { version, previous: version, changed: false } : null;
      }
      const result = await this.activateIn(tx, version, actor);
      return result ? { version, previous: result.previous, changed: true } : null;
    });
  }

  async active(): Promise<ScorerModelRecord | null> {
    const version = await activeVersion(this.db, TABLE);
    return version === null ? null : this.get(version);
  }

  activeVersion(): Promise<number | null> {
    return activeVersion(this.db, TABLE);
  }

  async get(version: number): Promise<ScorerModelRecord | null> {
    const [row, active] = await Promise.all([
      this.db.scorerModel.findUnique({ where: { version } }),
      activeVersion(this.db, TABLE),
    ]);
    return row ? { ...summary(row, active), model: row.model } : null;
  }

  /** Models newest first, without their weights. */
  async list(limit = 200): Promise<ScorerModelSummary[]> {
    const [rows, active] = await Promise.all([
      this.db.scorerModel.findMany({
        omit: { model: true },
        orderBy: { version: 'desc' },
        take: limit,
      }),
      activeVersion(this.db, TABLE),
    ]);
    return rows.map((row) => summary(row, active));
  }

  /** First start: when no model is active, saves `initial` (the bundled file) and activates it. */
  async ensureActive(
    initial: Omit<NewScorerModel, 'activate'>,
  ): Promise<{ version: number; created: boolean }> {
    const existing = await activeVersion(this.db, TABLE);
    if (existing !== null) return { version: existing, created: false };
    return this.db.$transaction(async (tx) => {
      await lockVersions(tx, TABLE);
      const active = await activeVersion(tx, TABLE);
      if (active !== null) return { version: active, created: false };
      const version = await this.insert(tx, initial);
      await this.activateIn(tx, version, initial.createdBy);
      return { version, created: true };
    });
  }

  private async insert(tx: Prisma.TransactionClient, input: NewScorerModel): Promise<number> {
    const row = await tx.scorerModel.create({
      data: {
        model: input.model,
        evaluation: json(input.evaluation),
        trainedOn: json(input.trainedOn),
        note: input.note ?? null,
        createdBy: input.createdBy,
      },
      select: { version: true },
    });
    await recordEvent(tx, {
      type: 'model.saved',
      actor: input.createdBy,
      targetType: 'model',
      targetId: String(row.version),
      data: { version: row.version, note: input.note ?? null },
    });
    return row.version;
  }

  private async activateIn(tx: Prisma.TransactionClient, version: number, actor: string) {
    const result = await markActive(tx, TABLE, version);
    if (!result) return undefined;
    await recordEvent(tx, {
      type: 'model.activated',
      actor,
      targetType: 'model',
      targetId: String(version),
      data: { version, previous: result.previous },
    });
    return result;
  }
}
