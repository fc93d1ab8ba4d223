import { defineConfig } from '@playwright/test';
import { e2ePort as port, fakeWebhookPort } from './e2e/ports';

/**
 * End-to-end tests against the production build, started the way users start it
 * (`bin/start.ts`), on its own embedded database with the clock pinned so the demo
 * organisation's numbers are fixed.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '.test-data/playwright-results.json' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'node --import tsx bin/start.ts',
    url: `http://127.0.0.1:${port}/api/ready`,
    timeout: 240_000,
    reuseExistingServer: false,
    // The supervisor stops the web server and the worker, then its PostgreSQL (which runs in a
    // process group of its own, so killing the group would leave it running).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PAVED_DATA_DIR: '.test-data/e2e',
      PAVED_CONFIG: 'e2e/paved.e2e.yaml',
      PAVED_NOW: '2026-06-01T12:00:00Z',
      NEXT_TELEMETRY_DISABLED: '1',
      // Notification channels (e2e/paved.e2e.yaml): a fake Slack webhook the digests spec starts
      // on loopback, and a variable that holds no URL (a clear error on the data-quality page).
      PAVED_E2E_SLACK_PAYMENTS: `http://127.0.0.1:${fakeWebhookPort}/slack/payments`,
      PAVED_E2E_NOT_A_URL: 'hooks.example.com/no-scheme',
      // The e2e server uses its own embedded database, never the developer's DATABASE_URL.
      DATABASE_URL: '',
    },
  },
});
