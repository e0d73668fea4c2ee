import fs from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';
import { e2ePorts } from './e2e/support/environment';

// Browser: PLAYWRIGHT_CHROMIUM_PATH if set, else Debian's /usr/bin/chromium when present (machines that cannot
// download Playwright's browsers), else Playwright's own Chromium. With none of them the run fails: never skips.
function chromiumExecutable(): string | undefined {
  const override = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (override) {
    if (!fs.existsSync(override)) throw new Error(`PLAYWRIGHT_CHROMIUM_PATH=${override} does not exist`);
    return override;
  }
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  if (fs.existsSync(chromium.executablePath())) return undefined;
  throw new Error(
    'No Chromium for the e2e tests. Install one: `npx playwright install chromium`, or on Debian/Ubuntu ' +
      '`apt-get install chromium`, or point PLAYWRIGHT_CHROMIUM_PATH at a Chromium binary.',
  );
}

const { appPort, readyPort } = e2ePorts();
const baseURL = `http://127.0.0.1:${appPort}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
  ],
  webServer: {
    // The production build against a seeded embedded cluster; ready once everything is indexed
    // (see e2e/support/server.ts).
    command: 'npx tsx --conditions=react-server e2e/support/server.ts',
    url: `http://127.0.0.1:${readyPort}/`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { E2E_PORT: String(appPort) },
  },
});
