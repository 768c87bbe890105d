import { defineConfig } from '@playwright/test';

// End-to-end tests against the release dist/ (built by `./x test`), in Debian's Chromium:
// Playwright's own browser download cannot reach its host from these machines.
// Another port keeps a second run (say, beside CI on the same machine) from sharing a server.
const port = Number(process.env.DRAGONPROOF_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  // One retry on CI: a loaded 2-core machine can be slow to fire a media error; a real failure fails twice.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'list' : [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `node scripts/serve-dist.mjs ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
  },
});
