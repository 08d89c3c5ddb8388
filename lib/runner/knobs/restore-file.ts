/**
 * The GPU restore file: nothing runs inside a SIGKILLed harness, so BEFORE it changes any knob the
 * harness writes what is needed to put the GPUs back (indices, original power limits, whether it
 * locks clocks, which nvidia-smi or simulated device) and deletes the file once it restored them.
 * A file that outlives its harness (SIGKILL, node crash, a refused restore) is used to restore the
 * settings by the point runner, the worker (local executor), `joulebench measure --recover` and the
 * next `joulebench measure` on the host (stale files: their harness process is gone).
 *
 * Commands run as argv arrays (execFile), never through a shell. Files are written atomically.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { procStartTime } from '@/lib/executors/proc';
import { SimKnobs, SmiKnobs, restoreSettings, type KnobController, type KnobPlan } from './index';
import { formatIssues } from '@/lib/record/schema';
import { env } from '@/lib/env';

const gpu = z.number().int().nonnegative();
export const restoreStateSchema = z.object({
  version: z.literal(1),
  host: z.string(),
  pid: z.number().int().positive(),
  /** /proc start time of the harness, so a reused pid does not look like the owner. */
  pid_start: z.string().nullable(),
  created_at: z.string(),
  controller: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('nvidia-smi'), path: z.string().min(1).max(1000) }),
    z.object({ kind: z.literal('sim'), url: z.string().url() }),
  ]),
  /** The simulated device: its URL (for the fake nvidia-smi) and that it vanishes with its server. */
  simulated: z.boolean(),
  sim_url: z.string().url().optional(),
  gpus: z.array(gpu).min(1).max(1024),
  /** The harness locks SM clocks (restored with a reset, nvidia-smi -rgc). */
  clocks_locked: z.boolean(),
  sm_clock_mhz: z.tuple([z.number(), z.number()]).optional(),
  power_limits: z.array(z.object({ gpu, original_w: z.number().positive(), set_w: z.number().positive() })),
  /** Set when a restore was tried and failed. */
  last_error: z.string().optional(),
});
export type RestoreState = z.infer<typeof restoreStateSchema>;

/** What a restore from a file came to. */
export type RestoreOutcome = {
  /**
   * none: no file (nothing left changed); restored: done, file removed; failed: some setting is
   * still changed (file kept); moot: the simulated device is gone (a new one starts at defaults),
   * file removed; busy: the harness that wrote it is still running (left alone); elsewhere: the
   * file belongs to another host (only the manual commands can be given).
   */
  status: 'none' | 'restored' | 'failed' | 'moot' | 'busy' | 'elsewhere';
  detail: string;
  file: string;
};

/** Default directory of restore files: JOULEBENCH_RESTORE_DIR, else ~/.joulebench/restore. */
export function defaultRestoreDir(): string {
  return path.resolve(env('JOULEBENCH_RESTORE_DIR') ?? path.join(os.homedir(), '.joulebench', 'restore'));
}

/** The restore file of this harness process when none is given (--restore-file / JOULEBENCH_RESTORE_FILE). */
export function defaultRestoreFile(): string {
  return path.join(defaultRestoreDir(), `${os.hostname()}-${process.pid}.json`);
}

export function stateFromPlan(
  plan: KnobPlan,
  c: KnobController,
  sim: { simulated: boolean; url?: string },
): RestoreState {
  return {
    version: 1,
    host: os.hostname(),
    pid: process.pid,
    pid_start: procStartTime(process.pid),
    created_at: new Date().toISOString(),
    // A path with a slash is made absolute: the runner or worker restoring it may run elsewhere.
    controller:
      c instanceof SmiKnobs
        ? { kind: 'nvidia-smi', path: c.path.includes('/') ? path.resolve(c.path) : c.path }
        : { kind: 'sim', url: (c as SimKnobs).base },
    simulated: sim.simulated,
    ...(sim.url ? { sim_url: sim.url } : {}),
    gpus: plan.gpus,
    clocks_locked: !!plan.smClock,
    ...(plan.smClock ? { sm_clock_mhz: plan.smClock } : {}),
    power_limits: plan.powerLimits,
  };
}

/** Writes the file atomically (temp file + fsync + rename); throws when it cannot. */
export function writeRestoreFile(file: string, state: RestoreState) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(state, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function readRestoreFile(file: string): RestoreState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read the GPU restore file ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`GPU restore file ${file} is not JSON: ${(e as Error).message}`);
  }
  const r = restoreStateSchema.safeParse(raw);
  if (!r.success) throw new Error(`GPU restore file ${file} is invalid: ${formatIssues(r.error.issues)}`);
  return r.data;
}

export function removeRestoreFile(file: string) {
  fs.rmSync(file, { force: true });
}

/** The nvidia-smi commands that put the GPUs back by hand (for messages; never run through a shell). */
export function manualRestoreCommands(
  s: Pick<RestoreState, 'controller' | 'gpus' | 'clocks_locked' | 'power_limits'>,
): string {
  const smi = s.controller.kind === 'nvidia-smi' ? s.controller.path : 'nvidia-smi';
  const cmds: string[] = [];
  if (s.clocks_locked) cmds.push(`${smi} -i ${s.gpus.join(',')} -rgc`);
  for (const p of s.power_limits) cmds.push(`${smi} -i ${p.gpu} -pl ${p.original_w}`);
  return cmds.join('; ');
}

/** Whether the harness that wrote the file is still running (same host, pid and start time). */
export function ownerAlive(s: RestoreState): boolean {
  if (s.host !== os.hostname()) return false;
  const st = procStartTime(s.pid);
  if (st === null) return false;
  return s.pid_start === null || st === s.pid_start;
}

async function simReachable(url: string): Promise<boolean> {
  try {
    const r = await fetch(new URL('/sim/state', url), { signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}

/**
 * Restores the GPU settings recorded in `file` unless its harness is still alive. On success (or
 * when the simulated device is gone) the file is removed; on failure it is kept with last_error.
 * `env` is added to the environment of the nvidia-smi processes (the simulated device's URL from
 * the file is added too, for the fake nvidia-smi). Never throws.
 */
export async function restoreFromFile(
  file: string,
  opts: { env?: Record<string, string | undefined>; log?: (m: string) => void; ignoreOwner?: boolean } = {},
): Promise<RestoreOutcome> {
  const log = opts.log ?? (() => {});
  let s: RestoreState | null;
  try {
    s = readRestoreFile(file);
  } catch (e) {
    return { status: 'failed', detail: (e as Error).message, file };
  }
  if (!s) return { status: 'none', detail: 'no GPU setting was left changed', file };
  const manual = manualRestoreCommands(s);
  if (s.host !== os.hostname())
    return {
      status: 'elsewhere',
      detail: `the GPU settings were changed on ${s.host} and cannot be restored from ${os.hostname()}; on ${s.host} run: ${manual}`,
      file,
    };
  if (!opts.ignoreOwner && ownerAlive(s))
    return { status: 'busy', detail: `its harness (pid ${s.pid}) is still running`, file };
  const env = { ...process.env, ...opts.env, ...(s.sim_url ? { JOULEBENCH_SIM_URL: s.sim_url } : {}) };
  const c: KnobController =
    s.controller.kind === 'nvidia-smi' ? new SmiKnobs(s.controller.path, env) : new SimKnobs(s.controller.url);
  log(`restoring GPU settings from ${file} (written by pid ${s.pid} at ${s.created_at})`);
  const r = await restoreSettings(c, { gpus: s.gpus, resetClocks: s.clocks_locked, powerLimits: s.power_limits }, log);
  if (!r.problems.length) {
    removeRestoreFile(file);
    return { status: 'restored', detail: r.done.join(', ') || 'nothing to restore', file };
  }
  if (s.simulated && s.sim_url && !(await simReachable(s.sim_url))) {
    removeRestoreFile(file);
    return {
      status: 'moot',
      detail: 'the simulated device is gone (a new one starts at default clocks and power limit)',
      file,
    };
  }
  const detail = `${r.problems.join('; ')}${r.done.length ? ` (restored: ${r.done.join(', ')})` : ''}; fix by hand: ${manual}`;
  try {
    writeRestoreFile(file, { ...s, last_error: detail });
  } catch {
    /* keep the old file */
  }
  return { status: 'failed', detail, file };
}

/**
 * Restores every stale restore file (its harness gone) of this host in `dir` (files named
 * `<host>-<pid>.json`). Returns one outcome per file that was not busy.
 */
export async function recoverStale(
  dir: string,
  opts: { env?: Record<string, string | undefined>; log?: (m: string) => void } = {},
): Promise<RestoreOutcome[]> {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const host = os.hostname();
  const out: RestoreOutcome[] = [];
  for (const n of names.sort()) {
    if (!n.startsWith(`${host}-`) || !n.endsWith('.json')) continue;
    const r = await restoreFromFile(path.join(dir, n), opts);
    if (r.status !== 'busy') out.push(r);
  }
  return out;
}

/** One line describing an outcome, for logs and point reasons. */
export function describeOutcome(r: RestoreOutcome, by: string): string {
  switch (r.status) {
    case 'none':
      return 'no GPU setting was left changed';
    case 'restored':
      return `GPU settings restored by ${by} from ${path.basename(r.file)}: ${r.detail}`;
    case 'moot':
      return `GPU settings not restored: ${r.detail}`;
    case 'busy':
      return `GPU settings not restored by ${by}: ${r.detail}`;
    case 'elsewhere':
    case 'failed':
      return `GPU settings NOT restored: ${r.detail}`;
  }
}
