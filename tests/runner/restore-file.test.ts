/**
 * The GPU restore file (lib/runner/knobs/restore-file.ts) without a device: a stub nvidia-smi
 * records its argv, so the restore commands are checked exactly (argv arrays, no shell).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { procStartTime } from '@/lib/executors/proc';
import {
  manualRestoreCommands,
  recoverStale,
  restoreFromFile,
  writeRestoreFile,
  type RestoreState,
} from '@/lib/runner/knobs/restore-file';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-restore-'));
const calls = path.join(tmp, 'calls.jsonl');
// Appends its argv as one JSON line; fails `-rgc` when STUB_FAIL_RGC=1 (like a wedged driver).
const stub = path.join(tmp, 'stub-smi');
fs.writeFileSync(
  stub,
  `#!${process.execPath}\nconst a = process.argv.slice(2);\nrequire('fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify(a) + '\\n');\nif (process.env.STUB_FAIL_RGC === '1' && a.includes('-rgc')) { console.log('Failed to reset GPU clocks: Unknown Error'); process.exit(255); }\nconsole.log('All done.');\n`,
  { mode: 0o755 },
);
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!; // exited and reaped

const state = (over: Partial<RestoreState> = {}): RestoreState => ({
  version: 1,
  host: os.hostname(),
  pid: deadPid(),
  pid_start: '1',
  created_at: new Date().toISOString(),
  controller: { kind: 'nvidia-smi', path: stub },
  simulated: false,
  gpus: [0, 1],
  clocks_locked: true,
  power_limits: [
    { gpu: 0, original_w: 700, set_w: 450 },
    { gpu: 1, original_w: 650, set_w: 450 },
  ],
  ...over,
});
const readCalls = () =>
  fs.existsSync(calls)
    ? fs
        .readFileSync(calls, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

describe('GPU restore file', () => {
  it("restores a dead run's settings with argv commands and removes the file", async () => {
    fs.rmSync(calls, { force: true });
    const f = path.join(tmp, 'a.json');
    writeRestoreFile(f, state());
    const r = await restoreFromFile(f);
    expect(r).toMatchObject({
      status: 'restored',
      detail: 'SM clocks reset on GPU 0,1, power limit 700 W on GPU 0, power limit 650 W on GPU 1',
    });
    expect(readCalls()).toEqual([
      ['-i', '0,1', '-rgc'],
      ['-i', '0', '-pl', '700'],
      ['-i', '1', '-pl', '650'],
    ]);
    expect(fs.existsSync(f)).toBe(false);
  });

  it('a failed restore names the setting, keeps the file with last_error and gives the manual commands', async () => {
    const f = path.join(tmp, 'b.json');
    writeRestoreFile(f, state());
    const r = await restoreFromFile(f, { env: { STUB_FAIL_RGC: '1' } });
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(
      /^SM clocks of GPU 0,1 are still locked: resetting SM clocks on GPU 0,1 failed .*Unknown Error/,
    );
    expect(r.detail).toMatch(/\(restored: power limit 700 W on GPU 0, power limit 650 W on GPU 1\)/);
    expect(r.detail).toContain(`fix by hand: ${stub} -i 0,1 -rgc; ${stub} -i 0 -pl 700; ${stub} -i 1 -pl 650`);
    expect(JSON.parse(fs.readFileSync(f, 'utf8')).last_error).toMatch(/still locked/);
  });

  it("leaves a live run's file alone, and only reports for another host", async () => {
    fs.rmSync(calls, { force: true });
    const live = path.join(tmp, 'live.json');
    writeRestoreFile(live, state({ pid: process.pid, pid_start: procStartTime(process.pid) }));
    expect((await restoreFromFile(live)).status).toBe('busy');
    const other = path.join(tmp, 'other.json');
    writeRestoreFile(other, state({ host: 'gpu-node-7' }));
    const r = await restoreFromFile(other);
    expect(r.status).toBe('elsewhere');
    expect(r.detail).toContain(`on gpu-node-7 run: ${manualRestoreCommands(state())}`);
    expect(readCalls()).toEqual([]); // nothing was run
    expect(fs.existsSync(live), live).toBe(true);
    expect(fs.existsSync(other), other).toBe(true);
  });

  it('a simulated device that is gone has nothing left to restore', async () => {
    const f = path.join(tmp, 'sim.json');
    writeRestoreFile(f, state({ simulated: true, sim_url: 'http://127.0.0.1:9', gpus: [0], power_limits: [] }));
    const r = await restoreFromFile(f, { env: { STUB_FAIL_RGC: '1' } });
    expect(r.status).toBe('moot');
    expect(fs.existsSync(f)).toBe(false);
  });

  it('an invalid file is a failure naming the file, not a crash', async () => {
    const f = path.join(tmp, 'bad.json');
    fs.writeFileSync(f, JSON.stringify({ ...state(), gpus: ['0; reboot'] }));
    const r = await restoreFromFile(f);
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/bad\.json is invalid: gpus/);
  });

  it("recoverStale restores this host's stale files only", async () => {
    const dir = path.join(tmp, 'dir');
    const host = os.hostname();
    writeRestoreFile(path.join(dir, `${host}-1.json`), state({ power_limits: [] }));
    writeRestoreFile(
      path.join(dir, `${host}-2.json`),
      state({ pid: process.pid, pid_start: procStartTime(process.pid) }),
    );
    writeRestoreFile(path.join(dir, 'elsewhere-3.json'), state({ host: 'elsewhere' }));
    const out = await recoverStale(dir);
    expect(out.map((r) => [path.basename(r.file), r.status])).toEqual([[`${host}-1.json`, 'restored']]);
    expect(fs.readdirSync(dir).sort()).toEqual(['elsewhere-3.json', `${host}-2.json`].sort());
  });
});
