// Writes the next Prisma migration from the difference between the last migrated schema
// (prisma/migrations/schema.snapshot.prisma) and prisma/schema.prisma. See tools/prisma-diff/README.md.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDirectory, startEmbeddedPostgres } from '@cm/devstack';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run migration:new -- <name_in_snake_case>');
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
const tool = join(root, 'tools/prisma-diff');
const cli = join(tool, 'node_modules/prisma/build/index.js');
if (!(await stat(cli).catch(() => null))) {
  console.error('Install the diff tool first: (cd tools/prisma-diff && npm ci)');
  process.exit(2);
}
const snapshot = join(root, 'prisma/migrations/schema.snapshot.prisma');
const hasSnapshot = Boolean(await stat(snapshot).catch(() => null));
const work = await makeTempDirectory('prisma-diff-');
const pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), ephemeral: true });
try {
  // Prisma 6 wants a url in the datasource block; the diff itself never reads it.
  const withUrl = async (source: string, target: string) =>
    writeFile(target, (await readFile(source, 'utf8')).replace(/provider = "postgresql"/, `provider = "postgresql"\n  url      = "${pg.adminUrl}"`));
  await withUrl(join(root, 'prisma/schema.prisma'), join(work, 'new.prisma'));
  if (hasSnapshot) await withUrl(snapshot, join(work, 'old.prisma'));
  await writeFile(
    join(work, 'prisma.config.mjs'),
    `import { defineConfig } from '${tool}/node_modules/prisma/config.js';
import { PrismaPg } from '${tool}/node_modules/@prisma/adapter-pg/dist/index.mjs';
export default defineConfig({ experimental: { adapter: true }, engine: 'js', schema: '${join(work, 'new.prisma')}',
  adapter: async () => new PrismaPg({ connectionString: '${pg.adminUrl}', allowExitOnIdle: true }) });
`,
  );
  const from = hasSnapshot ? ['--from-schema-datamodel', join(work, 'old.prisma')] : ['--from-empty'];
  const result = spawnSync(
    process.execPath,
    [cli, 'migrate', 'diff', ...from, '--to-schema-datamodel', join(work, 'new.prisma'), '--script', '--exit-code', '--config', join(work, 'prisma.config.mjs')],
    { encoding: 'utf8', env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' } },
  );
  if (result.status === 0) {
    console.log('No changes: prisma/schema.prisma matches the last migration.');
  } else if (result.status !== 2) {
    console.error(result.stdout, result.stderr);
    process.exitCode = 1;
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(root, 'prisma/migrations', `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), result.stdout);
    await copyFile(join(root, 'prisma/schema.prisma'), snapshot);
    console.log(`Wrote ${dir}/migration.sql — review it and commit it with the snapshot.`);
  }
} finally {
  await pg.stop();
}
