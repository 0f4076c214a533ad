import type { Database } from './client.ts';
import { recordEvent } from './event-log.ts';
import { Prisma } from './generated/prisma/client.ts';

/**
 * What policy versions and scorer models share: rows that are never edited, only saved and
 * activated. The active row is the one with the latest `activated_at`; rollback activates an
 * older row again.
 *
 * Activations (and the first-start bootstrap) are serialized by a transaction-scoped advisory
 * lock per table, and stamped from the database's clock, strictly later than any earlier
 * activation: the last activation to commit is the active one, whichever process or host wrote
 * it, and two activations in the same millisecond still have an order.
 */
export type VersionedTable = 'policy_versions' | 'scorer_models';

const LOCK_KEY: Record<VersionedTable, number> = { policy_versions: 1, scorer_models: 2 };
/** First half of the advisory lock key: this service's versioned tables. */
const LOCK_CLASS = 0x636d; // "cm"

type Tx = Prisma.TransactionClient;

/** Waits for (and holds until commit) the table's activation lock. */
export async function lockVersions(tx: Tx, table: VersionedTable): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int, ${LOCK_KEY[table]}::int)`;
}

/** The active version of the table (in `tx`, or the database), or null when none was activated. */
export async function activeVersion(
  tx: Pick<Tx, '$queryRaw'>,
  table: VersionedTable,
): Promise<number | null> {
  const rows = await tx.$queryRaw<{ version: number }[]>`
    SELECT version FROM ${Prisma.raw(table)}
    WHERE activated_at IS NOT NULL
    ORDER BY activated_at DESC, version DESC
    LIMIT 1`;
  return rows[0]?.version ?? null;
}

/**
 * Makes `version` the active row; the caller holds the lock (`lockVersions`). Returns the
 * previously active version, or undefined when `version` does not exist.
 */
export async function markActive(
  tx: Tx,
  table: VersionedTable,
  version: number,
): Promise<{ previous: number | null } | undefined> {
  const previous = await activeVersion(tx, table);
  const t = Prisma.raw(table);
  const updated = await tx.$executeRaw`
    UPDATE ${t} SET activated_at = GREATEST(
      clock_timestamp(),
      (SELECT max(activated_at) + interval '1 millisecond' FROM ${t})
    )
    WHERE version = ${version}`;
  return updated === 1 ? { previous } : undefined;
}

/** What every saved version carries besides its content. */
export interface NewVersion {
  note?: string | null;
  createdBy: string;
  /** Activate it in the same transaction (default false). */
  activate?: boolean;
}

/**
 * The save / activate / bootstrap flows both versioned tables share, each step writing its event
 * (`<subject>.saved`, `<subject>.activated`) in the same transaction. A subclass inserts its own
 * row (`create`) and reads its own rows back.
 */
export abstract class VersionedRepository<New extends NewVersion> {
  constructor(
    protected readonly db: Database,
    private readonly table: VersionedTable,
    private readonly subject: 'policy' | 'model',
  ) {}

  /** Inserts the row of a new version; returns its number. */
  protected abstract create(tx: Tx, input: New): Promise<number>;

  /** Saves a new version; with `activate`, also makes it the active one, atomically. */
  async save(input: New): Promise<{ version: number }> {
    return this.db.$transaction(async (tx) => {
      if (input.activate) await lockVersions(tx, this.table);
      const version = await this.insert(tx, input);
      if (input.activate) await this.activateIn(tx, version, input.createdBy);
      return { version };
    });
  }

  /**
   * Makes `version` the active one (rollback = activating an older one). Returns the version and
   * the one it replaced, or null when no such version exists. Activating the active version
   * changes nothing and writes no event (`changed: false`).
   */
  async activate(
    version: number,
    actor: string,
  ): Promise<{ version: number; previous: number | null; changed: boolean } | null> {
    return this.db.$transaction(async (tx) => {
      await lockVersions(tx, this.table);
      // The active version exists: nothing to check, nothing to change.
      if ((await activeVersion(tx, this.table)) === version)
        return { version, previous: version, changed: false };
      const result = await this.activateIn(tx, version, actor);
      return result ? { version, previous: result.previous, changed: true } : null;
    });
  }

  /** Just the active version's number: what workers poll. */
  activeVersion(): Promise<number | null> {
    return activeVersion(this.db, this.table);
  }

  /**
   * First start: when no version is active, saves `initial` (the bundled file) and activates it.
   * Safe with several workers starting at once (one saves, the others find it). Returns the
   * active version and whether this call created it.
   */
  async ensureActive(
    initial: Omit<New, 'activate'>,
  ): Promise<{ version: number; created: boolean }> {
    const existing = await activeVersion(this.db, this.table);
    if (existing !== null) return { version: existing, created: false };
    return this.db.$transaction(async (tx) => {
      await lockVersions(tx, this.table);
      const active = await activeVersion(tx, this.table);
      if (active !== null) return { version: active, created: false };
      const version = await this.insert(tx, initial as New);
      await this.activateIn(tx, version, initial.createdBy);
      return { version, created: true };
    });
  }

  private async insert(tx: Tx, input: New): Promise<number> {
    const version = await this.create(tx, input);
    await recordEvent(tx, {
      type: `${this.subject}.saved`,
      actor: input.createdBy,
      targetType: this.subject,
      targetId: String(version),
      data: { version, note: input.note ?? null },
    });
    return version;
  }

  private async activateIn(tx: Tx, version: number, actor: string) {
    const result = await markActive(tx, this.table, version);
    if (!result) return undefined;
    await recordEvent(tx, {
      type: `${this.subject}.activated`,
      actor,
      targetType: this.subject,
      targetId: String(version),
      data: { version, previous: result.previous },
    });
    return result;
  }
}
