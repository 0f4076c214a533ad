import type { Database } from './client.ts';
import { Prisma } from './generated/prisma/client.ts';
import { activeVersion, VersionedRepository } from './versioned.ts';

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
export class ScorerModelRepository extends VersionedRepository<NewScorerModel> {
  constructor(db: Database) {
    super(db, TABLE, 'model');
  }

  async active(): Promise<ScorerModelRecord | null> {
    const version = await this.activeVersion();
    return version === null ? null : this.get(version);
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

  protected async create(tx: Prisma.TransactionClient, input: NewScorerModel): Promise<number> {
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
    return row.version;
  }
}
