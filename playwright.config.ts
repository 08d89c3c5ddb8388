import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { e2ePort } from './scripts/e2e-port.mjs';

// Evaluated in the runner first; workers inherit the env. A free port (locked against parallel
// runs, scripts/e2e-port.mjs) and a fresh DB per run.
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = String(e2ePort());
  const dir = path.resolve('.e2e', `run-${process.env.E2E_PORT}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'state'), { recursive: true });
  process.env.E2E_DIR = dir;
  process.env.E2E_DB = path.join(dir, 'e2e.db');
}
const PORT = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${PORT}`;
export const STORAGE_STATE = path.join(process.env.E2E_DIR!, 'state', 'admin.json');

export default defineConfig({
  testDir: './e2e',
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    ...devices['Desktop Chrome'],
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', dependencies: ['setup'], use: { storageState: STORAGE_STATE }, testIgnore: /.*\.setup\.ts/ },
  ],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      JOULEBENCH_DB: process.env.E2E_DB!,
      JOULEBENCH_E2E_DIR: process.env.E2E_DIR!,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
