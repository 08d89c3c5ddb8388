// A port for one Playwright run that no other run on this host can pick at the same time.
// Asking the OS for a free port and closing it leaves a window in which a second run (another
// worktree, another CI job) may be handed the same port; so each run also takes a lock on its
// port: a directory in the system temp dir, created atomically (mkdir fails if it exists), owned
// by the runner's pid. A lock whose owner is gone is taken over; a live one makes us pick again.
// (A run whose port is taken anyway fails at once: Playwright refuses a URL that already answers,
// reuseExistingServer being false, so a race can never test against another run's server.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LOCKS = path.join(os.tmpdir(), 'joulebench-e2e-ports');

function osFreePort() {
  return Number(
    execFileSync(process.execPath, [
      '-e',
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ])
      .toString()
      .trim(),
  );
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Takes the lock of `port` for this process; false when a live run holds it. */
export function lockPort(port, dir = LOCKS, pid = process.pid) {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, String(port));
  try {
    fs.mkdirSync(lock);
  } catch {
    let owner;
    try {
      owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8').trim());
    } catch {
      return false; // just created, its pid not written yet
    }
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false;
    // Stale: its run ended. Take it over (rename is atomic; a loser of this race retries).
    const stale = `${lock}.stale-${pid}`;
    try {
      fs.renameSync(lock, stale);
    } catch {
      return false;
    }
    fs.rmSync(stale, { recursive: true, force: true });
    try {
      fs.mkdirSync(lock);
    } catch {
      return false;
    }
  }
  fs.writeFileSync(path.join(lock, 'pid'), String(pid));
  return true;
}

/** A free port locked for this run (tries a few times). */
export function e2ePort() {
  for (let i = 0; i < 20; i++) {
    const port = osFreePort();
    if (lockPort(port)) return port;
  }
  throw new Error(`no free port could be locked under ${LOCKS}`);
}
