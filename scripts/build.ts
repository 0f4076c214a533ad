// `npm run build`: compiles each production entry point into one JavaScript file under dist/,
// which `npm run start:api`, `start:worker`, `migrate` and the Docker image run with plain node.
//
// Our workspace packages (@cm/*) are bundled in; everything from node_modules stays an import,
// installed by `npm ci --omit=dev` (same lockfile, same layout). Files our code reads at run time (the migrations, the seed
// article, the bundled policy, the web assets under services/api/public) stay where they are in
// the repository: each module finds them relative to its own source file through
// `import.meta.url`, so the build gives every bundled module the URL of its source file instead
// of the bundle's. The entry points keep the bundle's URL: they compare it with the script node
// was started with. The Docker image copies those files next to dist/ in the same layout.
import { readFile, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const OUT_DIR = resolve(ROOT, 'dist');
const ENTRY_POINTS = {
  api: 'services/api/src/main.ts',
  worker: 'services/worker/src/main.ts',
  // The worker's training thread (see services/worker/src/learn-in-thread.ts).
  'learn-thread': 'services/worker/src/learn-thread.ts',
  migrate: 'scripts/migrate.ts',
};
const entryFiles = new Set(Object.values(ENTRY_POINTS).map((path) => resolve(ROOT, path)));

/**
 * node_modules stay external; only our own packages are bundled. An import keeps its bare name
 * when node finds it from dist/ too (the package is hoisted to the root node_modules); a package
 * npm installed inside a workspace (services/api/node_modules/…, when versions differ) is
 * imported by its path instead, so dist/ finds what the source file found.
 */
const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(build) {
    const hoisted = join(ROOT, 'node_modules') + sep;
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@cm/') || args.pluginData === 'resolving') return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0) return { errors: found.errors };
      if (found.external || found.path.startsWith(hoisted))
        return { path: args.path, external: true };
      const path = relative(OUT_DIR, found.path).split(sep).join('/');
      return { path: path.startsWith('.') ? path : `./${path}`, external: true };
    });
  },
};

/** Each bundled module keeps seeing its source file's URL as `import.meta.url` (see above). */
const sourceUrls: Plugin = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/') || entryFiles.has(args.path)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromBundle = relative(OUT_DIR, args.path).split('\\').join('/');
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

await rm(OUT_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRY_POINTS,
  outdir: OUT_DIR,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [externalDependencies, sourceUrls],
});
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.js'))
    console.log(`${file.padEnd(20)} ${(bytes / 1024).toFixed(0).padStart(5)} KB`);
}
