/**
 * nvidia-smi as one long-lived child process (`--query-gpu=... --format=csv,noheader,nounits
 * -lms N`), its stdout parsed as a stream of CSV lines. Values such as "[N/A]" or
 * "[Not Supported]" become missing. Drivers without power.draw.instant/.average (older than
 * ~530) are detected by a one-shot probe and fall back to power.draw.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import type { PowerSample, PowerSource, Probe } from './types';

export const SMI_FIELDS = [
  'index',
  'timestamp',
  'power.draw.instant',
  'power.draw.average',
  'clocks.sm',
  'clocks.mem',
  'utilization.gpu',
  'temperature.gpu',
  'enforced.power.limit',
];
const LEGACY_FIELDS = [
  'index',
  'timestamp',
  'power.draw',
  'clocks.sm',
  'clocks.mem',
  'utilization.gpu',
  'temperature.gpu',
  'enforced.power.limit',
];

/** Runs nvidia-smi once; resolves with stdout or rejects with its own message. */
export function runSmi(path: string, args: string[], timeoutMs = 15_000, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { timeout: timeoutMs, encoding: 'utf8', ...(env ? { env } : {}) }, (err, stdout, stderr) => {
      if (err) {
        const msg = `${stdout}\n${stderr}`.trim() || err.message;
        const e = new Error(msg) as Error & { code?: unknown };
        e.code = (err as NodeJS.ErrnoException).code ?? (err as { code?: unknown }).code;
        reject(e);
      } else resolve(stdout);
    });
  });
}

/** "2024/05/01 12:34:56.789" (local time) -> ms since the epoch. */
export function parseSmiTimestamp(s: string): number | undefined {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(s.trim());
  if (!m) return undefined;
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? +m[7].padEnd(3, '0') : 0).getTime();
}

/** A numeric CSV cell, or undefined for [N/A], [Not Supported], [Unknown Error], empty... */
export function smiNumber(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const v = cell.trim().replace(/\s*(W|MHz|%|MiB|C)$/, '');
  if (!v || v.startsWith('[') || v === 'N/A') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses one line of the query above; returns null for lines that are not samples. */
export function parseSmiLine(line: string, fields: readonly string[], receivedAt: number): PowerSample | null {
  const cells = line.split(',').map((c) => c.trim());
  if (cells.length !== fields.length) return null;
  const get = (f: string) => {
    const i = fields.indexOf(f);
    return i >= 0 ? cells[i] : undefined;
  };
  const index = smiNumber(get('index'));
  if (index === undefined) return null;
  const ts = parseSmiTimestamp(get('timestamp') ?? '');
  // Prefer nvidia-smi's own timestamp (when the reading was taken) unless the clocks disagree.
  const t = ts !== undefined && Math.abs(ts - receivedAt) < 5000 ? ts : receivedAt;
  const instant = smiNumber(get('power.draw.instant'));
  const avg = smiNumber(get('power.draw.average'));
  const legacy = smiNumber(get('power.draw'));
  return {
    t,
    device: index,
    powerW: instant ?? legacy ?? avg,
    powerAvgW: avg,
    smClockMhz: smiNumber(get('clocks.sm')),
    memClockMhz: smiNumber(get('clocks.mem')),
    utilizationPct: smiNumber(get('utilization.gpu')),
    temperatureC: smiNumber(get('temperature.gpu')),
    powerLimitW: smiNumber(get('enforced.power.limit')),
  };
}

export class NvidiaSmiSource implements PowerSource {
  readonly kind = 'nvidia-smi' as const;
  readonly scope = 'gpu' as const;
  readonly samples: PowerSample[] = [];
  readonly label: string;
  private child: ChildProcess | null = null;
  private stopping = false;
  private waiters: Array<() => void> = [];
  private tail: string[] = [];
  private fields: string[];

  constructor(
    readonly path: string,
    readonly intervalMs: number,
    readonly gpus: number[] | undefined,
    readonly simulated: boolean,
    legacy: boolean,
  ) {
    this.fields = legacy ? LEGACY_FIELDS : SMI_FIELDS;
    const field = legacy ? 'power.draw' : 'power.draw.instant';
    this.label = simulated
      ? `fake-nvidia-smi (simulated) ${field} -lms ${intervalMs}`
      : `nvidia-smi ${field} -lms ${intervalMs}`;
  }

  args() {
    const a = [
      `--query-gpu=${this.fields.join(',')}`,
      '--format=csv,noheader,nounits',
      '-lms',
      String(this.intervalMs),
    ];
    if (this.gpus?.length) a.push('-i', this.gpus.join(','));
    return a;
  }

  async start(onFatal: (err: Error) => void) {
    const child = spawn(this.path, this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const s = parseSmiLine(line, this.fields, Date.now());
      if (s) {
        this.samples.push(s);
        if (this.waiters.length) for (const w of this.waiters.splice(0)) w();
      } else if (line.trim()) this.keep(line);
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => d.split('\n').forEach((l) => l.trim() && this.keep(l)));
    child.on('error', (e) => {
      if (!this.stopping) onFatal(new Error(`cannot run ${this.path}: ${e.message}`));
    });
    child.on('exit', (code, sig) => {
      this.child = null;
      if (this.stopping) return;
      const why = this.tail.length ? `: ${this.tail.join(' | ')}` : '';
      onFatal(
        new Error(
          `${this.simulated ? 'fake-nvidia-smi' : 'nvidia-smi'} exited mid-run (${sig ?? `code ${code}`})${why}`,
        ),
      );
    });
  }

  private keep(line: string) {
    this.tail.push(line.trim());
    if (this.tail.length > 5) this.tail.shift();
  }

  firstSample(timeoutMs: number) {
    if (this.samples.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `nvidia-smi: no sample within ${timeoutMs} ms${this.tail.length ? ` (${this.tail.join(' | ')})` : ''}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async stop() {
    this.stopping = true;
    const c = this.child;
    if (!c) return;
    await new Promise<void>((resolve) => {
      const k = setTimeout(() => c.kill('SIGKILL'), 2000);
      c.once('exit', () => {
        clearTimeout(k);
        resolve();
      });
      c.kill('SIGTERM');
    });
  }
}

/** Checks that nvidia-smi runs and answers the query; detects the fake one and old drivers. */
export async function probeNvidiaSmi(path: string, intervalMs: number, gpus: number[] | undefined): Promise<Probe> {
  const sel = gpus?.length ? ['-i', gpus.join(',')] : [];
  let simulated = false;
  try {
    const v = await runSmi(path, ['--version'], 10_000);
    simulated = /FAKE-NVIDIA-SMI|simulated/i.test(v);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') return { ok: false, reason: `${path} not found` };
    if (code === 'EACCES') return { ok: false, reason: `${path} is not executable` };
    // Old drivers have no --version; the query below decides.
  }
  try {
    await runSmi(path, [`--query-gpu=${SMI_FIELDS.join(',')}`, '--format=csv,noheader,nounits', ...sel]);
    return { ok: true, source: new NvidiaSmiSource(path, intervalMs, gpus, simulated, false) };
  } catch (e) {
    const msg = (e as Error).message;
    if (/not a valid field/i.test(msg)) {
      try {
        await runSmi(path, [`--query-gpu=${LEGACY_FIELDS.join(',')}`, '--format=csv,noheader,nounits', ...sel]);
        return { ok: true, source: new NvidiaSmiSource(path, intervalMs, gpus, simulated, true) };
      } catch (e2) {
        return { ok: false, reason: `${path}: ${(e2 as Error).message.split('\n')[0]}` };
      }
    }
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') return { ok: false, reason: `${path} not found on PATH` };
    return { ok: false, reason: `${path}: ${msg.split('\n')[0]}` };
  }
}
