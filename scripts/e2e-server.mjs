#!/usr/bin/env node
// Playwright webServer command: a fresh SQLite file under .e2e/ (refuses anything else), then
// the production server + worker. Playwright starts this before globalSetup, so DB prep is here.
import fs from 'node:fs';
import path from 'node:path';

const db = process.env.JOULEBENCH_DB;
const e2eDir = path.resolve('.e2e');
if (!db || !path.resolve(db).startsWith(e2eDir + path.sep)) {
  console.error(`e2e-server: JOULEBENCH_DB must be a file under ${e2eDir} (got ${db})`);
  process.exit(1);
}
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
fs.mkdirSync(path.dirname(db), { recursive: true });
process.env.JOULEBENCH_PID_FILE ??= path.join(path.dirname(db), 'pids.json');
await import('./start.mjs');
