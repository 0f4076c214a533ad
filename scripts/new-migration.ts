// Writes the next Prisma migration from the difference between the last migrated schema
// (prisma/migrations/schema.snapshot.prisma) and prisma/schema.prisma. See tools/prisma-diff/README.md.
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDirectory, startEmbeddedPostgres } from '@cm/devstack';
import { diffSchemas, PrismaDiffNotInstalledError } from './prisma-diff.ts';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run migration:new -- <name_in_snake_case>');
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
const schema = join(root, 'prisma/schema.prisma');
const snapshot = join(root, 'prisma/migrations/schema.snapshot.prisma');
const hasSnapshot = Boolean(await stat(snapshot).catch(() => null));
const pg = await startEmbeddedPostgres({
  dataDir: join(await makeTempDirectory('prisma-diff-'), 'pg'),
  ephemeral: true,
});
try {
  const { changed, sql } = await diffSchemas({
    ...(hasSnapshot ? { from: snapshot } : {}),
    to: schema,
    databaseUrl: pg.adminUrl,
  });
  if (!changed) {
    console.log('No changes: prisma/schema.prisma matches the last migration.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(root, 'prisma/migrations', `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), sql);
    await copyFile(schema, snapshot);
    console.log(`Wrote ${dir}/migration.sql — review it and commit it with the snapshot.`);
  }
} catch (error) {
  console.error(error instanceof PrismaDiffNotInstalledError ? error.message : error);
  process.exitCode = 1;
} finally {
  await pg.stop();
}
