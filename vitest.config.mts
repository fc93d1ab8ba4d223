import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside a react-server build; tests import server modules directly.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**', '.test-data/**'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/api-methods-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files run in parallel forks, each in its own database.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tests/reporters/summary-reporter.ts'],
  },
});
