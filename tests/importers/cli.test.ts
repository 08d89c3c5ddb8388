/** CLI: --dry-run --json prints only a JSON array of run records; errors go to stderr, exit != 0. */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRecordSchema } from '@/lib/record/schema';
import { FIXTURES } from './helpers';

const BIN = path.resolve(__dirname, '../../bin/joulebench.js');
const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [BIN, 'import', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('joulebench import (CLI)', () => {
  it('--dry-run --json: JSON array of valid records on stdout, MLPerf pair joined, --set applied', () => {
    const r = run(['--dry-run', '--json', '--set', 'gpu_model=L40S', path.join(FIXTURES, 'mini_run_1_mlperf_log_summary.txt'), path.join(FIXTURES, 'mini_run_1_spl.txt'), path.join(FIXTURES, 'mini_run_1_mlperf_log_detail.txt')]);
    expect(r.status).toBe(0);
    const arr = JSON.parse(r.stdout);
    expect(Array.isArray(arr)).toBe(true);
    expect(arr).toHaveLength(1);
    expect(runRecordSchema.safeParse(arr[0]).success).toBe(true);
    expect(arr[0].metrics.energy_j).toBe(10000);
    expect(arr[0].hardware.gpu_model).toBe('L40S');
  });

  it('bad file: message on stderr naming the file, non-zero exit, nothing on stdout', () => {
    const r = run(['--dry-run', '--json', path.join(FIXTURES, 'malformed/05_vllm_negative_completed.json')]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/05_vllm_negative_completed\.json \(completed\): negative/);
  });

  it('commits to a local database and skips a re-import by content hash', () => {
    const db = path.join(os.tmpdir(), `jb-imp-cli-${process.pid}-${Date.now()}.db`);
    const env = { JOULEBENCH_DB: db };
    const a = run(['--json', '--study', 'cli', path.join(FIXTURES, 'vllm_append.json')], env);
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).inserted).toBe(2);
    const b = run(['--json', '--study', 'cli', path.join(FIXTURES, 'vllm_append.json')], env);
    expect(JSON.parse(b.stdout)).toMatchObject({ inserted: 0, importId: null });
    void execFileSync;
  });
});
