import { defineConfig } from '@playwright/test';
import { join } from 'node:path';

const adminPort = process.env.E2E_ADMIN_PORT ?? '3310';
/** Where the stack's engine listens (REST calls from specs). */
export const enginePort = process.env.E2E_ENGINE_PORT ?? '4410';
const resultsDir = process.env.TEST_RESULTS_DIR ?? join(import.meta.dirname, '..', '.test-results');

export default defineConfig({
  testDir: './specs',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: join(resultsDir, 'playwright.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${adminPort}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'console', testIgnore: /business-clock\.spec\.ts/ },
    // Moving the stack's business date is for good: after every other spec.
    { name: 'business-clock', testMatch: /business-clock\.spec\.ts/, dependencies: ['console'] },
  ],
  webServer: {
    command: 'node scripts/stack.mjs',
    url: `http://127.0.0.1:${adminPort}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
