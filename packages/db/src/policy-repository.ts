import type { Database } from './client.ts';
import { recordEvent } from './event-log.ts';
import type { Prisma } from './generated/prisma/client.ts';
import { activeVersion, lockVersions, markActive } from './versioned.ts';

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
export class PolicyRepository {
  constructor(private readonly db: Database) {}

  /** Saves a new version; with `activate`, also makes it the active one, atomically. */
  async save(input: NewPolicyVersion): Promise<{ version: number }> {
    return this.db.$transaction(async (tx) => {
      if (input.activate) await lockVersions(tx, TABLE);
      const version = await this.insert(tx, input);
      if (input.activate) await this.activateIn(tx, version, input.createdBy);
      return { version };
    });
  }

  /**
   * Makes `version` the active policy (rollback = activating an older one). Returns the version
   * and the one it replaced, or null when no such version exists. Activating the active version
   * changes nothing and writes no event (`changed: false`).
   */
  async activate(
    version: number,
    actor: string,
  ): Promise<{ version: number; previous: number | null; changed: boolean } | null> {
    return this.db.$transaction(async (tx) => {
      await lockVersions(tx, TABLE);
      if ((await activeVersion(tx, TABLE)) === version) {
        const exists = await tx.policyVersion.count({ where: { version } });
        return exists ? { version, previous: version, changed: false } : null;
      }
      const result = await this.activateIn(tx, version, actor);
      return result ? { version, previous: result.previous, changed: true } : null;
    });
  }

  /** The active version with its policy, or null before any was activated. */
  async active(): Promise<PolicyVersionRecord | null> {
    const version = await activeVersion(this.db, TABLE);
    return version === null ? null : this.get(version);
  }

  /** Just the active version's number: what workers poll. */
  activeVersion(): Promise<number | null> {
    return activeVersion(this.db, TABLE);
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

  /**
   * First start: when no version is active, saves `initial` (the policy file) and activates it.
   * Safe with several workers starting at once (one saves, the others find it). Returns the
   * active version and whether this call created it.
   */
  async ensureActive(
    initial: Omit<NewPolicyVersion, 'activate'>,
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

  private async insert(tx: Prisma.TransactionClient, input: NewPolicyVersion): Promise<number> {
    const row = await tx.policyVersion.create({
      data: { policy: input.policy, note: input.note ?? null, createdBy: input.createdBy },
      select: { version: true },
    });
    await recordEvent(tx, {
      type: 'policy.saved',
      actor: input.createdBy,
      targetType: 'policy',
      targetId: String(row.version),
      data: { version: row.version, note: input.note ?? null },
    });
    return row.version;
  }

  private async activateIn(tx: Prisma.TransactionClient, version: number, actor: string) {
    const result = await markActive(tx, TABLE, version);
    if (!result) return undefined;
    await recordEvent(tx, {
      type: 'policy.activated',
      actor,
      targetType: 'policy',
      targetId: String(version),
      data: { version, previous: result.previous },
    });
    return result;
  }
}
