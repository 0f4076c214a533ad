import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new directory under the system's temp folder for throwaway data (tests, benchmarks). Unlike a
 * bare `mkdtemp` (mode 0700) it is enterable by others, so that an embedded Postgres started as
 * root, which runs as the OS user "postgres", can keep its data inside it.
 */
export async function makeTempDirectory(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}
