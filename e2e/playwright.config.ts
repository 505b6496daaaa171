import { defineConfig, devices } from '@playwright/test'

// The server under test: the debug build of anzhi, in demo mode, on a fixed local port,
// with a fresh temporary data directory on every run (removed again when the run ends).
const PORT = Number(process.env.ANZHI_E2E_PORT ?? 18180)
const BASE_URL = `http://127.0.0.1:${PORT}`
const BINARY = process.env.ANZHI_BIN ?? '../target/debug/anzhi'

const serverCommand = [
  'd=$(mktemp -d -t anzhi-e2e.XXXXXX) || exit 1',
  // on SIGTERM from Playwright (sent to the whole process group) wait for the server, then clean up
  'trap \'wait "$pid" 2>/dev/null; rm -rf "$d"\' EXIT',
  'trap \'kill "$pid" 2>/dev/null; exit 0\' TERM INT',
  // the server's own output goes to e2e/server.log (read it when the server does not come up)
  `"${BINARY}" serve --demo --cockpit-cache-secs 0 --listen 127.0.0.1:${PORT} --data-dir "$d" >server.log 2>&1 & pid=$!`,
  'wait "$pid"',
].join('; ')

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // The tests share one server and its data: one worker, each test makes its own uniquely named data.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 768 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `bash -c '${serverCommand.replace(/'/g, `'\\''`)}'`,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'ignore',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
})
