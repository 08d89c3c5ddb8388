/**
 * `joulebench import`: --skip-invalid commits the files that parse and names the refused ones;
 * progress (bytes, files, runs, rate, ETA) appears on a terminal only (stderr a TTY, not --json).
 * The terminal case runs the real CLI under a pseudo-terminal (util-linux `script`).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine, terminalProgress } from '@/cli/progress';
import { FIXTURES } from './helpers';

const BIN = path.resolve(__dirname, '../../bin/joulebench.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, 'import', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const tmpDb = (tag: string) => path.join(os.tmpdir(), `jb-imp-cli2-${tag}-${process.pid}-${Date.now()}.db`);
const GOOD = path.join(FIXTURES, 'layouts/vllm/sweep/summary.json');
const BAD = path.join(FIXTURES, 'malformed/05_vllm_negative_completed.json');

describe('--skip-invalid', () => {
  it('with it, the valid file is committed and the refused one named with its reason', () => {
    const r = run(['--json', '--skip-invalid', GOOD, BAD], { JOULEBENCH_DB: tmpDb('skip'), JOULEBENCH_DEMO: '0' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inserted).toBe(3);
    expect(r.stderr).toMatch(/refused: .*05_vllm_negative_completed\.json \(completed\): negative value/);
  });
  it('--dry-run --json --skip-invalid prints the valid records only', () => {
    const r = run(['--dry-run', '--json', '--skip-invalid', GOOD, BAD]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
  });
});

describe('progress', () => {
  const p = {
    file: 'a',
    filesDone: 1,
    filesTotal: 4,
    bytesDone: 50 * 1024 * 1024,
    bytesTotal: 200 * 1024 * 1024,
    runs: 1234,
  };
  it('line: bytes, percent, files, runs, rate, ETA', () => {
    expect(progressLine(p, 10)).toBe('import  50.0/200 MB  25%  1/4 files  1,234 runs  5.0 MB/s  ETA 0:30');
  });
  it('shown only on a TTY, never with --json, only for large inputs', () => {
    const out: string[] = [];
    const tty = { isTTY: true, columns: 120, write: (s: string) => out.push(s) > 0 };
    const env = { JOULEBENCH_PROGRESS_MIN_MB: '16' };
    expect(terminalProgress({ ...tty, isTTY: false }, { totalBytes: 1e9, env })).toBeUndefined();
    expect(terminalProgress(tty, { json: true, totalBytes: 1e9, env })).toBeUndefined();
    expect(terminalProgress(tty, { totalBytes: 1024, env })).toBeUndefined();
    let t = 0;
    const pr = terminalProgress(tty, { totalBytes: 1e9, env, now: () => t })!;
    pr.onProgress(p);
    t = 50;
    pr.onProgress({ ...p, bytesDone: p.bytesDone + 1 }); // throttled
    t = 10_000;
    pr.onProgress({ ...p, filesDone: 4, bytesDone: p.bytesTotal });
    pr.done();
    expect(out).toHaveLength(3);
    expect(out[1]).toMatch(/^\rimport {2}200\/200 MB {2}100% {2}4\/4 files/);
    expect(out[2]).toMatch(/^\r +\r$/);
  });
  it('the real CLI on a pseudo-terminal draws progress on stderr; piped, it does not', () => {
    const env = { ...process.env, JOULEBENCH_PROGRESS_MIN_MB: '0' };
    const cmd = [process.execPath, BIN, 'import', '--dry-run', GOOD].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env });
    expect(tty.error, 'util-linux `script` is needed for the terminal test').toBeUndefined();
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toMatch(/import {2}0\.0\/0\.0 MB {2}\d+% {2}1\/1 files {2}3 runs {2}[\d.]+ MB\/s {2}ETA/);
    const piped = run(['--dry-run', GOOD], { JOULEBENCH_PROGRESS_MIN_MB: '0' });
    expect(piped.status).toBe(0);
    expect(piped.stderr).not.toMatch(/ETA/);
  });
});
