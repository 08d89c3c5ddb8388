import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type DB } from '@/db/client';
import { getPoints, getSweep } from '@/db/queries/sweeps';

export const ROOT = path.resolve(__dirname, '../..');

/** The real harness CLI (`joulebench measure`); sim-server and bin/fake-nvidia-smi are real too. */
export function harnessEntry(): string {
  return path.join(ROOT, 'bin/joulebench.js');
}

export function tmpSetup(name: string): { dir: string; dbFile: string; db: DB } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jb-sweeps-${name}-`));
  const dbFile = path.join(dir, 'test.db');
  process.env.JOULEBENCH_HARNESS_ENTRY = harnessEntry();
  process.env.JOULEBENCH_ROOT = ROOT;
  return { dir, dbFile, db: openDb(dbFile) };
}

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | null | false,
  timeoutMs = 60_000,
  stepMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const TERMINAL = ['done', 'failed', 'cancelled'];

export function waitSweepEnd(db: DB, id: number, timeoutMs = 90_000) {
  return waitFor(
    `sweep ${id} to end`,
    () => {
      const s = getSweep(db, id);
      return s && TERMINAL.includes(s.state) && getPoints(db, id).every((p) => TERMINAL.includes(p.state)) ? s : null;
    },
    timeoutMs,
  );
}

/** A tiny simulated 2x2 sweep (fast: few requests, high time scale). */
export function tinySpec(over: Record<string, unknown> = {}) {
  return {
    name: 'tiny',
    executor: 'local',
    simulated: true,
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    gpu: 'H100',
    time_scale: 50,
    workload: { requests: 4, concurrency: 2, input_len: 64, output_len: 16 },
    grid: { sm_clock_mhz: [1410, 1980], max_num_seqs: [8, 16] },
    ...over,
  };
}
