import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the deploy scenarios against the cluster KUBECONFIG points at (kind, k3d).
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
