import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The cluster suite needs a real cluster; it runs with `npm run test:cluster` only.
    exclude: ['test/cluster/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default worker count (one fewer than the cores: one on a 2-core machine). Two
    // workers ran the suite in 176 s instead of 298 s on a quiet machine, but under CI, with
    // qemu's TCG boots and Chromium beside them, a worker went unanswered for 60 s ("Timeout
    // calling onTaskUpdate", an unhandled error that fails the run although every test passed).
    // Rebuilds dist/ when stale, so CLI child processes start from the bundle, not tsx.
    globalSetup: ['test/support/bundle-setup.ts'],
  },
});
