#!/usr/bin/env node
// Production start: `next start` (honours PORT, JOULEBENCH_DB, JOULEBENCH_DEMO) plus the sweep
// worker as a second process, so a web restart never touches a running sweep. Both are stopped
// together on SIGINT/SIGTERM. Set JOULEBENCH_WORKER=0 to run the web server alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.JOULEBENCH_ROOT ??= root;
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('joulebench: no production build found. Run `npm run build` first.');
  process.exit(1);
}
const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '0.0.0.0';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const children = [];
const start = (name, cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    console.error(`joulebench: ${name} exited (${signal ?? code})`);
    if (!stopping) stop(code ?? 1);
  });
  children.push(child);
};
let stopping = false;
const stop = (code = 0) => {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() => process.exit(code));
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('web', bin('next'), ['start', '-p', port, '-H', host]);
const worker = path.join(root, 'lib', 'jobs', 'worker.ts');
if (process.env.JOULEBENCH_WORKER !== '0' && fs.existsSync(worker)) {
  start('worker', bin('tsx'), [worker]);
}
console.error(`joulebench: http://localhost:${port} (database ${process.env.JOULEBENCH_DB ?? 'data/joulebench.db'})`);
