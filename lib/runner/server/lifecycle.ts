/**
 * Starts an inference server (argv, own process group, logs to a file), waits for it to become
 * healthy (/health, then /v1/models), and stops it (SIGTERM to the group, SIGKILL after a grace
 * period). `onExit` reports a server that dies while the harness still needs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export type ManagedServer = {
  url: string;
  pid: number;
  logFile: string;
  logTail: (n?: number) => string;
  stop: (graceMs?: number) => Promise<void>;
  /** Registers a callback for an exit the harness did not ask for. */
  onUnexpectedExit: (cb: (why: string) => void) => void;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export async function probeHealth(url: string, timeoutMs = 2000): Promise<boolean> {
  for (const p of ['/health', '/v1/models']) {
    try {
      const res = await fetch(new URL(p, url), { signal: AbortSignal.timeout(timeoutMs) });
      if (res.ok) return true;
    } catch {
      /* try the next path */
    }
  }
  return false;
}

export async function startServer(o: {
  argv: string[];
  port: number;
  logFile: string;
  healthTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}): Promise<ManagedServer> {
  const log = fs.openSync(o.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(o.argv[0], o.argv.slice(1), {
      stdio: ['ignore', log, log],
      detached: true,
      env: { ...process.env, ...o.env },
    });
  } finally {
    fs.closeSync(log);
  }
  const url = `http://127.0.0.1:${o.port}`;
  let stopping = false;
  let exited: string | null = null;
  const exitCbs: Array<(why: string) => void> = [];
  const exitPromise = new Promise<void>((resolve) => {
    child.on('error', (e) => {
      exited = `could not start ${o.argv[0]}: ${e.message}`;
      resolve();
    });
    child.on('exit', (code, sig) => {
      exited ??= `exited with ${sig ?? `code ${code}`}`;
      if (!stopping) for (const cb of exitCbs) cb(exited);
      resolve();
    });
  });
  const logTail = (n = 15) => {
    try {
      return fs.readFileSync(o.logFile, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
    } catch {
      return '';
    }
  };
  const killGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* gone */
      }
    }
  };
  const stop = async (graceMs = 10_000) => {
    stopping = true;
    if (exited || child.exitCode !== null) return;
    killGroup('SIGTERM');
    const t = setTimeout(() => killGroup('SIGKILL'), graceMs);
    await exitPromise;
    clearTimeout(t);
  };
  const deadline = Date.now() + o.healthTimeoutMs;
  while (!(await probeHealth(url, 1000))) {
    if (exited) throw new Error(`inference server ${exited} before becoming healthy (log ${o.logFile}):\n${logTail()}`);
    if (o.signal?.aborted) {
      await stop(2000);
      throw o.signal.reason ?? new Error('cancelled');
    }
    if (Date.now() > deadline) {
      await stop(5000);
      throw new Error(
        `inference server not healthy after ${Math.round(o.healthTimeoutMs / 1000)} s (log ${o.logFile}):\n${logTail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid!, logFile: o.logFile, logTail, stop, onUnexpectedExit: (cb) => exitCbs.push(cb) };
}
