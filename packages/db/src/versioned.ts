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
