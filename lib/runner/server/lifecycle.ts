/**
 * The one inference-server lifecycle, for `joulebench measure --server-cmd` and sweep points
 * (lib/executors/point-runner.ts): starts the server (argv, logs to a file), waits for it to
 * become healthy (/health, then /v1/models, or the paths given), and stops it (the stop signal,
 * SIGKILL after a grace period). `onUnexpectedExit` reports a server that dies while the harness
 * still needs it. The harness gives the server its own process group; a sweep point keeps it in
 * the runner's group, so that the executor's group kill reaches it.
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
  /** Why the server exited ("exited with code 1", "exited with SIGKILL"), null while it runs. */
  exitReason: () => string | null;
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

export const HEALTH_PATHS = ['/health', '/v1/models'];

/** Whether one of `paths` answers 2xx (tried in order). */
export async function probeHealth(url: string, timeoutMs = 2000, paths = HEALTH_PATHS): Promise<boolean> {
  for (const p of paths) {
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
  /** The server's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Paths probed for health (default HEALTH_PATHS). */
  healthPaths?: string[];
  /** Own process group (default true); false keeps it in the caller's group. */
  ownGroup?: boolean;
  /** The signal that asks the server to stop (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** Called with the pid as soon as the server is spawned (before it is healthy). */
  onSpawn?: (pid: number) => void;
}): Promise<ManagedServer> {
  const log = fs.openSync(o.logFile, 'a');
  const ownGroup = o.ownGroup ?? true;
  let child: ChildProcess;
  try {
    child = spawn(o.argv[0], o.argv.slice(1), {
      stdio: ['ignore', log, log],
      detached: ownGroup,
      env: o.env ?? process.env,
    });
  } finally {
    fs.closeSync(log);
  }
  if (child.pid) o.onSpawn?.(child.pid);
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
      if (!ownGroup) throw new Error('not a group leader');
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
    killGroup(o.stopSignal ?? 'SIGTERM');
    const t = setTimeout(() => killGroup('SIGKILL'), graceMs);
    await exitPromise;
    clearTimeout(t);
  };
  const deadline = Date.now() + o.healthTimeoutMs;
  while (!(await probeHealth(url, 1000, o.healthPaths))) {
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
  return {
    url,
    pid: child.pid!,
    logFile: o.logFile,
    logTail,
    stop,
    exitReason: () => exited,
    onUnexpectedExit: (cb) => exitCbs.push(cb),
  };
}
