#!/usr/bin/env node
// Production start: `next start` (honours PORT, JOULEBENCH_DB, JOULEBENCH_DEMO) plus the sweep
// worker as a second process. They are supervised separately: if either exits unexpectedly it is
// restarted (with a short backoff) and the other is left alone, so a web crash or restart never
// touches a running sweep, and a worker restart resumes its points (lib/jobs/worker.ts adopts
// them). SIGINT/SIGTERM stops both. JOULEBENCH_WORKER=0 runs the web server alone.
// Until the first account exists it listens on 127.0.0.1 only unless HOST is set (see below).
// JOULEBENCH_PID_FILE=path writes {"web": pid, "worker": pid} there (tests, process managers).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.JOULEBENCH_ROOT ??= root;
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('joulebench: no production build found. Run `npm run build` first.');
  process.exit(1);
}
const port = process.env.PORT ?? '3000';
const dbPath = path.resolve(process.env.JOULEBENCH_DB ?? path.join(root, 'data', 'joulebench.db'));

// Until the first account exists the install is open (anyone who reaches it can read it and
// create the admin), so without an explicit HOST it listens on loopback only, and switches to all
// interfaces once an account exists (checked every few seconds; the web process restarts once).
function hasAccount() {
  if (!fs.existsSync(dbPath)) return false;
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined;
    } finally {
      db.close();
    }
  } catch {
    return false; // no users table yet (not migrated): no account
  }
}
const explicitHost = process.env.HOST;
let loopbackOnly = !explicitHost && !hasAccount();
const host = () => explicitHost ?? (loopbackOnly ? '127.0.0.1' : '0.0.0.0');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const pidFile = process.env.JOULEBENCH_PID_FILE;

let stopping = false;
const services = new Map(); // name -> { child, restarts, startedAt }

function writePids() {
  if (!pidFile) return;
  const pids = Object.fromEntries([...services].map(([name, s]) => [name, s.child?.pid ?? null]));
  fs.writeFileSync(pidFile + '.tmp', JSON.stringify(pids));
  fs.renameSync(pidFile + '.tmp', pidFile);
}

function start(name, cmd, argsOf, envOf = () => ({})) {
  const args = typeof argsOf === 'function' ? argsOf() : argsOf;
  const s = services.get(name) ?? { child: null, restarts: 0, startedAt: 0 };
  services.set(name, s);
  s.startedAt = Date.now();
  s.child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...envOf() } });
  writePids();
  s.child.on('exit', (code, signal) => {
    if (stopping) return;
    // A crash loop backs off up to 30 s; a process that ran for a minute starts from zero again.
    if (Date.now() - s.startedAt > 60_000) s.restarts = 0;
    const delay = Math.min(30_000, 500 * 2 ** s.restarts++);
    console.error(`joulebench: ${name} exited (${signal ?? code}); restarting in ${(delay / 1000).toFixed(1)} s`);
    setTimeout(() => !stopping && start(name, cmd, argsOf, envOf), delay);
  });
}

function stop() {
  if (stopping) return;
  stopping = true;
  const alive = [...services.values()]
    .map((s) => s.child)
    .filter((c) => c && c.exitCode === null && c.signalCode === null);
  for (const c of alive) c.kill('SIGTERM');
  setTimeout(() => process.exit(0), 5000).unref();
  Promise.all(alive.map((c) => new Promise((r) => c.once('exit', r)))).then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// The web process renders cached pages by requesting them from itself (lib/page-cache): on
// loopback when it listens on all interfaces or on loopback, else on the address it was given.
function selfOrigin() {
  const h = host();
  if (h === '0.0.0.0' || h === '::' || h === '127.0.0.1') return `http://127.0.0.1:${port}`;
  return h.includes(':') ? `http://[${h}]:${port}` : `http://${h}:${port}`;
}
start(
  'web',
  bin('next'),
  () => ['start', '-p', port, '-H', host()],
  () => ({ JOULEBENCH_SELF_ORIGIN: selfOrigin() }),
);
const worker = path.join(root, 'lib', 'jobs', 'worker.ts');
// node --import tsx (not the tsx CLI, whose own child would outlive a kill of the pid we hold)
if (process.env.JOULEBENCH_WORKER !== '0' && fs.existsSync(worker))
  start('worker', process.execPath, ['--import', 'tsx', worker]);
console.error(`joulebench: http://localhost:${port} (database ${process.env.JOULEBENCH_DB ?? 'data/joulebench.db'})`);
if (loopbackOnly) {
  console.error(
    [
      `joulebench: no account exists yet, so the server listens on 127.0.0.1:${port} only (this machine).`,
      `  Create the first admin: open http://localhost:${port}/setup here (from another machine: ssh -L ${port}:localhost:${port} THIS_HOST,`,
      `  then http://localhost:${port}/setup there), or run: npx joulebench user create --role admin --name NAME`,
      `  Once an account exists it listens on all interfaces. To choose yourself, set HOST (e.g. HOST=0.0.0.0 npm start).`,
    ].join('\n'),
  );
  const watch = setInterval(() => {
    if (stopping || !hasAccount()) return;
    clearInterval(watch);
    loopbackOnly = false;
    console.error(
      `joulebench: the first account exists; restarting the web server on all interfaces (0.0.0.0:${port})`,
    );
    services.get('web')?.child?.kill('SIGTERM'); // the supervisor restarts it with the new address
  }, 3000);
  watch.unref();
}
