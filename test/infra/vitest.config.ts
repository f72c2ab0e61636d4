import { defineConfig } from 'vitest/config';

// Tests of several real processes on one PostgreSQL (app servers behind nginx, a
// streaming standby): `npm run test:infra` with DATABASE_URL set; .ci/run starts
// them after the PostgreSQL suite. One file at a time: each starts its own servers.
export default defineConfig({
  test: {
    include: ['test/infra/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    env: { NODE_ENV: 'test' },
  },
});
