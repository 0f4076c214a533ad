// Runs before `npm test` (npm's pretest): installs the Prisma 6 schema differ that the migration
// drift test uses (tools/prisma-diff, its own lockfile, not a workspace) when it is missing, so
// `npm ci && npm test` is all a fresh machine needs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const tool = fileURLToPath(new URL('../tools/prisma-diff/', import.meta.url));
if (!existsSync(`${tool}node_modules/prisma/build/index.js`)) {
  console.error('pretest: installing tools/prisma-diff (once; used by the migration drift test)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: tool, stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
