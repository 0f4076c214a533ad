import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PostgresUserCannotReachError, startEmbeddedPostgres } from './embedded-postgres.ts';

const isRoot = process.getuid?.() === 0;

// As root, Postgres runs as the OS user "postgres". It used to get there by chmod-ing every
// parent of the data directory (the user's home included); now it changes nothing it did not create.
test.runIf(isRoot)(
  'as root, a data directory inside a folder others cannot enter fails with what to do, and no permission changes',
  async () => {
    const fenced = await mkdtemp(join(tmpdir(), 'cm-fenced-')); // mode 0700, like a home directory
    try {
      const before = (await stat(fenced)).mode;
      const started = startEmbeddedPostgres({
        dataDir: join(fenced, 'project', '.data', 'postgres'),
        ephemeral: true,
      });
      await expect(started).rejects.toBeInstanceOf(PostgresUserCannotReachError);
      await expect(started).rejects.toThrow(`cannot enter ${fenced} (mode 0700)`);
      await expect(started).rejects.toThrow(`chmod o+x ${fenced}`);
      expect((await stat(fenced)).mode).toBe(before);
      // The folders it created itself are enterable.
      expect((await stat(join(fenced, 'project', '.data'))).mode & 0o777).toBe(0o755);
    } finally {
      await rm(fenced, { recursive: true, force: true });
    }
  },
);
