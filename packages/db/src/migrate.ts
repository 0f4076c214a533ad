import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

export const MIGRATIONS_DIR = new URL('../../../prisma/migrations', import.meta.url).pathname;

// Same lock id as Prisma's migrate, so our applier and `prisma migrate deploy` never overlap.
const ADVISORY_LOCK_ID = 72707369;

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies Prisma-layout migrations (`<dir>/<timestamp>_<name>/migration.sql`) in order,
 * recording them in `_prisma_migrations` exactly as Prisma does (sha256 checksum, steps,
 * finished_at), so `prisma migrate deploy` on a machine with the schema engine agrees with it.
 * Safe to run from several processes at once: they queue on an advisory lock.
 */
export async function applyMigrations(
  databaseUrl: string,
  dir: string = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const failed = await client.query(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NULL AND rolled_back_at IS NULL',
    );
    if (failed.rowCount) {
      throw new Error(
        `migration ${failed.rows[0].migration_name} failed earlier and was not rolled back; fix the database, then mark it ` +
          'rolled back (prisma migrate resolve --rolled-back) before applying migrations again',
      );
    }
    const done = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    const appliedChecksums = new Map(done.rows.map((row) => [row.migration_name, row.checksum]));
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
    const applied: string[] = [];
    for (const name of names) {
      const script = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(script, 'utf8').digest('hex');
      const previous = appliedChecksums.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) {
          console.warn(
            `migration ${name} was edited after it was applied (checksum differs); not applying it again`,
          );
        }
        continue;
      }
      const id = randomUUID();
      await client.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
        [id, checksum, name],
      );
      try {
        // One simple-protocol query runs the whole script in one implicit transaction.
        await client.query(script);
      } catch (error) {
        await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [
          id,
          String(error),
        ]);
        throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      await client.query(
        'UPDATE "_prisma_migrations" SET applied_steps_count = applied_steps_count + 1, finished_at = now() WHERE id = $1',
        [id],
      );
      applied.push(name);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_ID]).catch(() => {});
    await client.end();
  }
}

/** Creates the database named in `databaseUrl` when it does not exist (for `npm start`). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
