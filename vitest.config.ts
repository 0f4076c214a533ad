import { defineConfig } from 'vitest/config';

// Two projects: pure unit/property tests beside the packages' code (no services needed),
// and end-to-end tests under test/ that run against real Postgres and Redis, started once
// by the global setup. `passWithNoTests` stays false: a run that finds no tests fails.
export default defineConfig({
  test: {
    passWithNoTests: false,
    projects: [
      {
        test: {
          name: 'unit',
          // Pure and fast: runs first, in its own group.
          sequence: { groupOrder: 0 },
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files share one Postgres server and one Redis; each file has its own database and
          // key prefix. Two cores: two files at a time keeps timings honest.
          maxWorkers: 2,
        },
      },
    ],
  },
});
