import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The cluster suite needs a real cluster; it runs with `npm run test:cluster` only.
    exclude: ['test/cluster/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // while many tests wait on child processes, servers and timers rather than the CPU.
    maxWorkers: 2,
    minWorkers: 1,
    // Rebuilds dist/ when stale, so CLI child processes start from the bundle, not tsx.
    globalSetup: ['test/support/bundle-setup.ts'],
  },
});
