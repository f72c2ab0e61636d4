import { defineConfig } from 'vitest/config';

// Browser tests: run by test/browser/run.mjs, which starts the server and sets BERPA_URL.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
