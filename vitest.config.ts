import { defineConfig } from 'vitest/config';

// Unit and integration tests. Browser tests live in test/browser and run
// with `npm run test:browser` against the built app (see package.json); the
// multi-process tests in test/infra with `npm run test:infra` (PostgreSQL only).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/infra/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test' },
  },
});
