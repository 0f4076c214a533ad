// Architecture rules, checked on every `npm test` (npm run check:deps). Type-only imports count:
// a cycle through `import type` is still a cycle in the design.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules must not import each other in a circle (directly or through others).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-pure',
      comment:
        'packages/moderation is pure (no I/O, no clock): it imports only its own files and zod (plus linkify-it, a pure ' +
        'parser), never node: modules or other packages of ours. Its CLI, corpus builder, scorer training script and ' +
        'corpus reader, and tests are exempt.',
      severity: 'error',
      from: {
        path: '^packages/moderation/src/',
        pathNot: [
          '^packages/moderation/src/cli\\.ts$',
          '^packages/moderation/src/corpus/build-corpus\\.ts$',
          '^packages/moderation/src/scorer/(train-cli|corpus-files)\\.ts$',
          '\\.test\\.ts$',
        ],
      },
      to: { pathNot: ['^packages/moderation/src/', '^node_modules/(zod|linkify-it)/'] },
    },
    {
      name: 'no-service-imports-another',
      comment: 'Services talk through Redis and Postgres, never by importing each other.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'packages-do-not-import-services',
      comment: 'Packages are the shared floor; services build on them, not the other way round.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^services/' },
    },
    {
      name: 'db-knows-no-http',
      comment: 'Storage returns records; HTTP (express and friends, node:http) belongs to the API.',
      severity: 'error',
      from: { path: '^packages/db/' },
      to: {
        path: [
          '^node_modules/(express|cors|helmet|pino-http|body-parser|@types/express[^/]*)/',
          '^(node:)?https?$',
        ],
      },
    },
    {
      name: 'use-cases-know-no-http',
      comment: 'Use cases speak the domain: no express, no HTTP edge code, no routes or pages.',
      severity: 'error',
      from: { path: '^services/[^/]+/src/use-cases/' },
      to: {
        path: [
          '^node_modules/(express|cors|helmet|pino-http|@types/express[^/]*)/',
          '^(node:)?https?$',
          '^services/api/src/(http|routes|web)/',
          '^services/api/src/app',
        ],
      },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['packages/db/src/generated/', '^tools/', '(^|/)dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
