import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The cluster suite needs a real cluster; it runs with `npm run test:cluster` only.
    exclude: ['test/cluster/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers even on two cores (vitest's default is one fewer than the cores): most files
    // wait on child processes, qemu or the in-process API server for part of their time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    // A worker keeps its loaded modules from one file to the next instead of importing the
    // whole toolkit again for each of ~90 files (collect time 70 s → 15 s). Files restore the
    // environment, working directory and stubs they change (checked by shuffled runs).
    isolate: false,
    // The default reporter, and a line naming the test closest to its timeout.
    reporters: ['default', './test/support/timeout-margin-reporter.ts'],
    // Rebuilds dist/ when stale, so CLI child processes start from the bundle, not tsx.
    globalSetup: ['test/support/bundle-setup.ts'],
  },
});
