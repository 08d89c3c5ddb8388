/**
 * A point's job directory as the point runner writes it: log.txt, progress.jsonl (phases and the
 * live power trace), exit.json and record.json (written whole, through a rename).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { JOB_FILES, type PointExit } from './point-spec';

export type PointJob = {
  dir: string;
  file: (name: string) => string;
  logFd: number;
  log: (msg: string) => void;
  progress: (o: Record<string, unknown>) => void;
  /** Writes exit.json once (later calls only return the code) and returns the process exit code. */
  finish: (exit: PointExit) => number;
  /** The last lines the harness and server wrote to log.txt (not the runner's own). */
  logTail: () => string;
  close: () => void;
};

/** Opens the job directory: records the runner's pid and clears a previous attempt's results. */
export function openJob(dir: string, t0 = Date.now()): PointJob {
  const file = (f: string) => path.join(dir, f);
  const logFd = fs.openSync(file(JOB_FILES.log), 'a');
  const log = (msg: string) => fs.writeSync(logFd, `[runner ${new Date().toISOString()}] ${msg}\n`);
  const progress = (o: Record<string, unknown>) =>
    fs.appendFileSync(
      file(JOB_FILES.progress),
      JSON.stringify({ t: +((Date.now() - t0) / 1000).toFixed(3), ...o }) + '\n',
    );
  fs.writeFileSync(file(JOB_FILES.pid), String(process.pid));
  fs.rmSync(file(JOB_FILES.exit), { force: true });
  fs.rmSync(file(JOB_FILES.record), { force: true });
  let finished = false;
  const finish = (exit: PointExit): number => {
    if (finished) return exit.status === 'ok' ? 0 : 1;
    finished = true;
    fs.writeFileSync(file(JOB_FILES.exit), JSON.stringify({ ...exit, ended_at: new Date().toISOString() }));
    log(`finished: ${exit.status}${exit.reason ? ` (${exit.reason})` : ''}`);
    progress({ phase: exit.status === 'ok' ? 'done' : exit.status });
    return exit.status === 'ok' ? 0 : exit.status === 'cancelled' ? 143 : 1;
  };
  return {
    dir,
    file,
    logFd,
    log,
    progress,
    finish,
    logTail: () => lastLines(file(JOB_FILES.log)),
    close: () => fs.closeSync(logFd),
  };
}

/** Saves the harness's stdout as record.json; throws when it is not one JSON object. */
export function saveRecord(job: PointJob, stdout: string) {
  const rec = JSON.parse(stdout);
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new Error('not a JSON object');
  fs.writeFileSync(job.file(JOB_FILES.record) + '.tmp', JSON.stringify(rec));
  fs.renameSync(job.file(JOB_FILES.record) + '.tmp', job.file(JOB_FILES.record));
}

/** The last three lines not written by the runner itself, at most 400 characters. */
export function lastLines(file: string): string {
  try {
    const txt = fs.readFileSync(file, 'utf8');
    const lines = txt
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('[runner '))
      .slice(-3);
    return lines.join(' | ').slice(-400) || 'no output';
  } catch {
    return 'no log';
  }
}

/**
 * The live power trace: nvidia-smi (the fake one when simulated) sampled once a second into
 * progress.jsonl. Returns the function that stops it.
 */
export function startPowerTrace(
  job: PointJob,
  smi: string,
  env: NodeJS.ProcessEnv,
  gpus: number[] | undefined,
  everyMs = 1000,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sampleSmi(smi, env, gpus)
      .then((s) => s && job.progress(s))
      .finally(() => (busy = false));
  }, everyMs);
  return () => clearInterval(timer);
}

export async function sampleSmi(
  smi: string,
  env: NodeJS.ProcessEnv,
  gpus: number[] | undefined,
): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const args = ['--query-gpu=power.draw,clocks.sm', '--format=csv,noheader,nounits'];
    if (gpus?.length) args.push('-i', gpus.join(','));
    let out = '';
    const p = spawn(smi, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const kill = setTimeout(() => p.kill('SIGKILL'), 3000);
    p.stdout!.on('data', (b) => (out += b));
    p.on('error', () => resolve(null));
    p.on('close', (code) => {
      clearTimeout(kill);
      if (code !== 0) return resolve(null);
      let power = 0;
      let clock: number | null = null;
      let n = 0;
      for (const line of out.trim().split('\n')) {
        const [pw, clk] = line.split(',').map((x) => Number.parseFloat(x.trim()));
        if (Number.isFinite(pw)) {
          power += pw;
          n++;
        }
        if (Number.isFinite(clk)) clock = Math.max(clock ?? 0, clk);
      }
      resolve(n ? { power_w: +power.toFixed(2), sm_clock_mhz: clock } : null);
    });
  });
}
