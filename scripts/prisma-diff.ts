// SQL between two Prisma schemas, from Prisma 6's wasm schema engine installed in
// tools/prisma-diff (see its README): `npm run migration:new` writes migrations with it, and the
// migration drift test builds the database schema.prisma describes with it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('..', import.meta.url).pathname;
const TOOL = join(ROOT, 'tools/prisma-diff');
const CLI = join(TOOL, 'node_modules/prisma/build/index.js');

export class PrismaDiffNotInstalledError extends Error {
  constructor() {
    super(
      'The Prisma 6 diff tool is not installed: run `(cd tools/prisma-diff && npm ci --ignore-scripts)` once (see tools/prisma-diff/README.md).',
    );
    this.name = 'PrismaDiffNotInstalledError';
  }
}

export interface SchemaDiff {
  /** False when both schemas describe the same database. */
  changed: boolean;
  /** The SQL that turns the first into the second. */
  sql: string;
}

/**
 * SQL that turns the database `from` describes (nothing when omitted) into the one `to`
 * describes. The engine needs a live Postgres to connect to (any; it changes nothing there).
 */
export async function diffSchemas(options: {
  from?: string;
  to: string;
  databaseUrl: string;
}): Promise<SchemaDiff> {
  if (!(await stat(CLI).catch(() => null))) throw new PrismaDiffNotInstalledError();
  const work = await mkdtemp(join(tmpdir(), 'prisma-diff-'));
  try {
    // Prisma 6 wants a url in the datasource block; the diff itself never reads it.
    const withUrl = async (source: string, target: string) => {
      const text = await readFile(source, 'utf8');
      await writeFile(
        target,
        text.replace(
          /provider = "postgresql"/,
          `provider = "postgresql"\n  url      = "${options.databaseUrl}"`,
        ),
      );
      return target;
    };
    const to = await withUrl(options.to, join(work, 'to.prisma'));
    const from = options.from
      ? ['--from-schema-datamodel', await withUrl(options.from, join(work, 'from.prisma'))]
      : ['--from-empty'];
    const config = join(work, 'prisma.config.mjs');
    await writeFile(
      config,
      `import { defineConfig } from '${TOOL}/node_modules/prisma/config.js';
import { PrismaPg } from '${TOOL}/node_modules/@prisma/adapter-pg/dist/index.mjs';
export default defineConfig({ experimental: { adapter: true }, engine: 'js', schema: ${JSON.stringify(to)},
  adapter: async () => new PrismaPg({ connectionString: ${JSON.stringify(options.databaseUrl)}, allowExitOnIdle: true }) });
`,
    );
    const args = [
      CLI,
      'migrate',
      'diff',
      ...from,
      '--to-schema-datamodel',
      to,
      '--script',
      '--exit-code',
      '--config',
      config,
    ];
    const env = {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
      PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    };
    try {
      await promisify(execFile)(process.execPath, args, { env, maxBuffer: 16 * 1024 * 1024 });
      return { changed: false, sql: '' };
    } catch (error) {
      const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
      if (code === 2) return { changed: true, sql: stdout ?? '' }; // --exit-code: 2 means "there are changes"
      throw new Error(
        `prisma migrate diff failed (exit ${code}):\n${stdout ?? ''}${stderr ?? ''}`,
        { cause: error },
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
