import type { Database } from './client.ts';
import type { Prisma } from './generated/prisma/client.ts';
import { activeVersion, VersionedRepository } from './versioned.ts';

/** A saved policy version, without the policy itself (lists). */
export interface PolicyVersionSummary {
  version: number;
  note: string | null;
  /** "admin", a moderator id, or "system" (the policy file saved at first start). */
  createdBy: string;
  createdAt: Date;
  /** When it last became active; null for a draft never activated. */
  activatedAt: Date | null;
  /** True for the one version workers run now. */
  active: boolean;
}

/** A saved policy version with its policy (JSON as stored: validate it before use). */
export interface PolicyVersionRecord extends PolicyVersionSummary {
  policy: unknown;
}

export interface NewPolicyVersion {
  /** A validated policy (every default filled in); stored as JSON. */
  policy: Prisma.InputJsonValue;
  note?: string | null;
  /** Who saves it: "admin", a moderator id, "system". */
  createdBy: string;
  /** Activate it in the same transaction (default false: a draft). */
  activate?: boolean;
}

const TABLE = 'policy_versions';

type Row = Prisma.PolicyVersionGetPayload<object>;

const summary = (row: Omit<Row, 'policy'>, active: number | null): PolicyVersionSummary => ({
  version: row.version,
  note: row.note,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  activatedAt: row.activatedAt,
  active: row.version === active,
});

/**
 * Moderation policies as living data: every save is a new version (never an edit), one version
 * is active. Saving and activating each write their event (`policy.saved`, `policy.activated`)
 * in the same transaction; running workers notice activations (ConfigBus, and polling).
 */
export class PolicyRepository extends VersionedRepository<NewPolicyVersion> {
  constructor(db: Database) {
    super(db, TABLE, 'policy');
  }

  /** The active version with its policy, or null before any was activated. */
  async active(): Promise<PolicyVersionRecord | null> {
    const version = await this.activeVersion();
    return version === null ? null : this.get(version);
  }

  async get(version: number): Promise<PolicyVersionRecord | null> {
    const [row, active] = await Promise.all([
      this.db.policyVersion.findUnique({ where: { version } }),
      activeVersion(this.db, TABLE),
    ]);
    return row ? { ...summary(row, active), policy: row.policy } : null;
  }

  /** Versions newest first (at most `limit`). */
  async list(limit = 200): Promise<PolicyVersionSummary[]> {
    const [rows, active] = await Promise.all([
      this.db.policyVersion.findMany({
        omit: { policy: true },
        orderBy: { version: 'desc' },
        take: limit,
      }),
      activeVersion(this.db, TABLE),
    ]);
    return rows.map((row) => summary(row, active));
  }

  protected async create(tx: Prisma.TransactionClient, input: NewPolicyVersion): Promise<number> {
    const row = await tx.policyVersion.create({
      data: { policy: input.policy, note: input.note ?? null, createdBy: input.createdBy },
      select: { version: true },
    });
    return row.version;
  }
}
