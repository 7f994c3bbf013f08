import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the cluster scenarios against the cluster KUBECONFIG points at, or
// without KUBECONFIG against the local control plane test/cluster/global-setup.ts starts.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    reporters: ['default', './test/support/timeout-margin-reporter.ts'],
  },
});
