import { readFile } from 'node:fs/promises';
import semver from 'semver';
import { expect, test } from 'vitest';

// The README promises a Node version; every installed package must accept it, or `npm ci`
// warns and the promise is not kept. One truth: README, package.json engines, the Docker image.
const ROOT = new URL('../..', import.meta.url);
const read = async (path: string) => readFile(new URL(path, ROOT), 'utf8');

/**
 * Packages allowed to ask for a newer Node than the README promises, each with the reason.
 * (`@prisma/streams-local`, wanted by the Prisma CLI's `prisma dev` server, is not here: the
 * `@prisma/dev` override in package.json pins the version before it, which `prisma generate`,
 * our only use of the CLI, never loads.)
 */
const ALLOWED: Record<string, string> = {};

async function promisedNode(): Promise<string> {
  const match = (await read('README.md')).match(/You need Node\.js (\d+\.\d+)\+/);
  if (!match) throw new Error('README.md no longer says "You need Node.js X.Y+"');
  return `${match[1]}.0`;
}

test('every package in the lockfile runs on the Node version the README promises', async () => {
  const node = await promisedNode();
  const lock = JSON.parse(await read('package-lock.json')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
  };
  const refusing = Object.entries(lock.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, entry]) => {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      return range && !semver.satisfies(node, range) && !(name in ALLOWED)
        ? [`${name}@${entry.version} wants node ${range}`]
        : [];
    });
  expect(refusing, `Node ${node} (README) is refused by`).toEqual([]);
});

test('the README, package.json engines and the Docker image name the same Node', async () => {
  const node = await promisedNode();
  const engines = (JSON.parse(await read('package.json')) as { engines: { node: string } }).engines
    .node;
  expect(semver.minVersion(engines)?.version).toBe(node);
  const images = [...(await read('Dockerfile')).matchAll(/^FROM node:(\d+)/gm)].map((m) => m[1]);
  expect(images.length).toBeGreaterThan(0);
  for (const major of images) expect(semver.major(node)).toBe(Number(major));
});
