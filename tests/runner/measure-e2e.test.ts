/**
 * End to end: `joulebench measure` (the real CLI) against the simulated GPU and the fake
 * nvidia-smi. Checks the run record, energy against the reported power, percentiles against a
 * reference computation, knob restore after SIGTERM and SIGINT, a restore that fails (an error,
 * exit 3), recovery from the restore file after SIGKILL, and clear errors for an unreachable
 * server, a server that dies mid-run and nvidia-smi exiting.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimServer, type SimServer } from '@/lib/runner/sim/server';
import { runRecordSchema, type RunRecord } from '@/lib/record/schema';
import { percentile } from '@/lib/runner/stats';
import { integratePower } from '@/lib/runner/power/energy';
import { freePort } from '@/lib/runner/server/lifecycle';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/joulebench.js');
const SMI = path.join(ROOT, 'bin/fake-nvidia-smi');
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-measure-'));
// Restore files of these runs go here, not to ~/.joulebench/restore.
const RESTORE_DIR = path.join(tmp, 'restore');

type Out = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
const live = new Set<ChildProcess>();
// A test that failed before it stopped its long run must not leave the harness running.
afterEach(() => {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
});
function cli(args: string[], env: Record<string, string> = {}, onStart?: (c: ChildProcess) => void): Promise<Out> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, JOULEBENCH_RESTORE_DIR: RESTORE_DIR, ...env },
    });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    live.add(c);
    c.on('exit', (code, signal) => {
      live.delete(c);
      resolve({ code, signal, stdout, stderr });
    });
    onStart?.(c);
  });
}
const waitFor = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ port: 0, timeScale: 2, maxNumSeqs: 64 });
});
afterAll(async () => {
  await sim?.close();
});

type Knobs = { power_limit_w: number; sm_clock_mhz_max: number | null };
const simKnobs = async (url: string) => ((await (await fetch(`${url}/sim/state`)).json()) as { knobs: Knobs }).knobs;
/** Until the simulated device has these knobs (the fake nvidia-smi logs a command before it applies it). */
const knobsReach = async (url: string, want: Knobs, ms = 30_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const k = await simKnobs(url);
    if (k.power_limit_w === want.power_limit_w && k.sm_clock_mhz_max === want.sm_clock_mhz_max) return;
    if (Date.now() > end) throw new Error(`knobs ${JSON.stringify(k)} never became ${JSON.stringify(want)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
/** Until the simulated server has requests in flight: the measurement is under way (no fixed sleep). */
const loadRunning = async (url: string, ms = 60_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const st = (await (await fetch(`${url}/sim/state`)).json()) as { running: number };
    if (st.running > 0) return;
    if (Date.now() > end) throw new Error(`no requests in flight at ${url} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const readLog = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
/** A fresh simulated device for a test that leaves knobs changed on purpose. */
async function withSim<T>(fn: (s: SimServer) => Promise<T>): Promise<T> {
  const s = await startSimServer({ port: 0, timeScale: 2, maxNumSeqs: 64 });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const load = [
  '--model',
  MODEL,
  '--requests',
  '24',
  '--concurrency',
  '8',
  '--input-len',
  '128',
  '--output-len',
  '32',
  '--sample-ms',
  '20',
  '--quiet',
];

describe('joulebench measure against sim-server + fake nvidia-smi', () => {
  it('produces a valid, correct run record on stdout (--json)', async () => {
    const r = await cli(['measure', '--endpoint', sim.url, ...load, '--nvidia-smi', SMI, '--json'], {
      JOULEBENCH_SIM_URL: sim.url,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1); // exactly one record, nothing else
    const rec: RunRecord = runRecordSchema.parse(JSON.parse(lines[0]));
    expect(rec.hardware).toMatchObject({ simulated: true, gpu_count: 1 });
    expect(rec.hardware.gpu_model).toMatch(/H100/);
    expect(rec.energy_provenance).toMatchObject({ method: 'power_integration', scope: 'gpu' });
    expect(rec.energy_provenance!.source).toMatch(/fake-nvidia-smi \(simulated\)/);
    expect(rec.metrics.completed).toBe(24);
    expect(rec.metrics.failed).toBe(0);
    expect(rec.workload.output_tokens_total).toBe(24 * 32);
    expect(rec.workload.input_tokens_total).toBe(24 * 128);
    expect(rec.knobs).toMatchObject({ max_concurrency: 8, input_len: 128, output_len: 32, max_num_seqs: 64, tp: 1 });

    // Energy = integral of the reported power over the window (the trace is what was reported).
    const dev = rec.trace!.devices[0];
    const w = rec.energy_provenance!.window!;
    const e = integratePower({ t: dev.t_s, powerW: dev.power_w, energyJ: [] }, w.start_s, w.end_s)!;
    expect(rec.metrics.energy_j!).toBeGreaterThan(0);
    expect(Math.abs(rec.metrics.energy_j! - e) / e).toBeLessThan(0.02);
    expect(rec.metrics.avg_power_w!).toBeGreaterThan(70); // above idle, below TDP
    expect(rec.metrics.avg_power_w!).toBeLessThan(700);
    expect(rec.metrics.duration_s).toBeCloseTo(w.end_s - w.start_s, 2);

    // Percentiles recomputed from the per-request samples (numpy linear interpolation).
    const ttft = rec.requests!.ttft_ms.filter((x): x is number => x !== null).sort((a, b) => a - b);
    const e2e = rec.requests!.e2e_ms.filter((x): x is number => x !== null).sort((a, b) => a - b);
    const tpot = rec.requests!.tpot_ms!.filter((x): x is number => x !== null).sort((a, b) => a - b);
    expect(rec.metrics.ttft_ms_p99).toBeCloseTo(percentile(ttft, 99)!, 1);
    expect(rec.metrics.ttft_ms_p50).toBeCloseTo(percentile(ttft, 50)!, 1);
    expect(rec.metrics.e2e_ms_p90).toBeCloseTo(percentile(e2e, 90)!, 1);
    expect(rec.metrics.tpot_ms_mean).toBeCloseTo(tpot.reduce((a, b) => a + b, 0) / tpot.length, 1);
    // TPOT excludes the first token: (e2e - ttft) / (out - 1)
    expect(rec.requests!.tpot_ms![0]).toBeCloseTo((rec.requests!.e2e_ms[0]! - rec.requests!.ttft_ms[0]!) / 31, 1);
    // Times are simulated (x2): a decode step of 8 sequences takes >= ~10 simulated ms.
    expect(rec.metrics.tpot_ms_mean!).toBeGreaterThan(9);
  }, 90_000);

  it('restores clocks and the original power limit when killed with SIGTERM', async () => {
    const logFile = path.join(tmp, 'smi.log');
    let child: ChildProcess | undefined;
    const p = cli(
      [
        'measure',
        '--endpoint',
        sim.url,
        ...load.map((a) => (a === '24' ? '100000' : a)),
        '--nvidia-smi',
        SMI,
        '--sm-clock',
        '1500',
        '--power-limit',
        '450',
        '--json',
      ],
      { JOULEBENCH_SIM_URL: sim.url, JOULEBENCH_FAKE_SMI_LOG: logFile },
      (c) => (child = c),
    );
    await waitFor(() => fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('-lgc 1500,1500'), 60_000);
    await knobsReach(sim.url, { power_limit_w: 450, sm_clock_mhz_max: 1500 });
    await loadRunning(sim.url); // mid-run
    child!.kill('SIGTERM');
    const r = await p;
    expect(r.code).toBe(143);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cancelled/);
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toMatch(/-i 0 -pl 450/);
    expect(log).toMatch(/-i 0 -rgc/);
    expect(log).toMatch(/-i 0 -pl 700\b/); // the value read before changing
    const after = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
      knobs: { power_limit_w: number; sm_clock_mhz_max: number | null };
    };
    expect(after.knobs).toMatchObject({ power_limit_w: 700, sm_clock_mhz_max: null });
  }, 90_000);

  it('restores clocks and the original power limit on SIGINT (Ctrl-C)', async () => {
    await withSim(async (s) => {
      const logFile = path.join(tmp, 'smi-int.log');
      let child: ChildProcess | undefined;
      const p = cli(
        [
          'measure',
          '--endpoint',
          s.url,
          ...load.map((a) => (a === '24' ? '100000' : a)),
          '--nvidia-smi',
          SMI,
          '--sm-clock',
          '1400',
          '--power-limit',
          '500',
          '--json',
        ],
        { JOULEBENCH_SIM_URL: s.url, JOULEBENCH_FAKE_SMI_LOG: logFile },
        (c) => (child = c),
      );
      await waitFor(() => readLog(logFile).includes('-lgc 1400,1400'), 60_000);
      await knobsReach(s.url, { power_limit_w: 500, sm_clock_mhz_max: 1400 });
      await loadRunning(s.url);
      child!.kill('SIGINT');
      const r = await p;
      expect(r.code).toBe(130);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/measurement cancelled \(SIGINT\); GPU settings restored/);
      const log = readLog(logFile);
      expect(log).toMatch(/-i 0 -rgc/);
      expect(log).toMatch(/-i 0 -pl 700\b/);
      expect(await simKnobs(s.url)).toMatchObject({ power_limit_w: 700, sm_clock_mhz_max: null });
      expect(fs.existsSync(RESTORE_DIR) ? fs.readdirSync(RESTORE_DIR) : []).toEqual([]); // restored: no restore file left
    });
  }, 90_000);

  it('a restore that fails is an error naming the settings (exit 3, also with --quiet); --recover retries from the restore file', async () => {
    await withSim(async (s) => {
      const logFile = path.join(tmp, 'smi-deny-reset.log');
      const restoreFile = path.join(tmp, 'deny-reset.restore.json');
      const args = [
        'measure',
        '--endpoint',
        s.url,
        ...load,
        '--nvidia-smi',
        SMI,
        '--sm-clock',
        '1500',
        '--power-limit',
        '450',
        '--restore-file',
        restoreFile,
        '--json',
      ];
      const r = await cli(args, {
        JOULEBENCH_SIM_URL: s.url,
        JOULEBENCH_FAKE_SMI_LOG: logFile,
        JOULEBENCH_FAKE_SMI_DENY_RESET: '1',
      });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe(''); // no record: the run failed
      expect(r.stderr).toMatch(
        /GPU settings NOT restored: SM clocks of GPU 0 are still locked: resetting SM clocks on GPU 0 failed .*Unknown Error/,
      );
      expect(r.stderr).toMatch(/power limit of GPU 0 is not back at its original 700 W \(still 450 W\)/);
      expect(r.stderr).not.toMatch(/WARNING/);
      expect(await simKnobs(s.url)).toMatchObject({ power_limit_w: 450, sm_clock_mhz_max: 1500 });
      // The originals are kept for a later restore.
      const kept = JSON.parse(fs.readFileSync(restoreFile, 'utf8'));
      expect(kept).toMatchObject({
        gpus: [0],
        clocks_locked: true,
        power_limits: [{ gpu: 0, original_w: 700, set_w: 450 }],
      });
      expect(kept.last_error).toMatch(/still locked/);

      // Once resets work again, --recover restores from the file and removes it.
      const rec = await cli(['measure', '--recover', restoreFile], {
        JOULEBENCH_SIM_URL: s.url,
        JOULEBENCH_FAKE_SMI_LOG: logFile,
      });
      expect(rec.code).toBe(0);
      expect(rec.stderr).toMatch(/GPU settings restored by .* SM clocks reset on GPU 0, power limit 700 W on GPU 0/);
      expect(await simKnobs(s.url)).toMatchObject({ power_limit_w: 700, sm_clock_mhz_max: null });
      expect(fs.existsSync(restoreFile)).toBe(false);
      const lines = readLog(logFile).trim().split('\n');
      expect(lines.slice(-2)).toEqual([expect.stringMatching(/-i 0 -rgc$/), expect.stringMatching(/-i 0 -pl 700$/)]);
    });
  }, 90_000);

  it('a cancel whose restore fails does not claim the settings were restored', async () => {
    await withSim(async (s) => {
      const logFile = path.join(tmp, 'smi-deny-reset-term.log');
      const restoreFile = path.join(tmp, 'deny-reset-term.restore.json');
      let child: ChildProcess | undefined;
      const p = cli(
        [
          'measure',
          '--endpoint',
          s.url,
          ...load.map((a) => (a === '24' ? '100000' : a)),
          '--nvidia-smi',
          SMI,
          '--sm-clock',
          '1500',
          '--restore-file',
          restoreFile,
          '--json',
        ],
        { JOULEBENCH_SIM_URL: s.url, JOULEBENCH_FAKE_SMI_LOG: logFile, JOULEBENCH_FAKE_SMI_DENY_RESET: 'rgc' },
        (c) => (child = c),
      );
      await waitFor(() => readLog(logFile).includes('-lgc 1500,1500'), 60_000);
      await knobsReach(s.url, { power_limit_w: 700, sm_clock_mhz_max: 1500 });
      child!.kill('SIGTERM');
      const r = await p;
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        /measurement cancelled \(SIGTERM\); in addition, GPU settings NOT restored: SM clocks of GPU 0 are still locked/,
      );
      expect(r.stderr).not.toMatch(/GPU settings restored/);
      expect(fs.existsSync(restoreFile)).toBe(true);
    });
  }, 90_000);

  it('after SIGKILL the restore file has the originals; the next measure restores them before it starts', async () => {
    await withSim(async (s) => {
      const logFile = path.join(tmp, 'smi-kill.log');
      const dir = path.join(tmp, 'restore-kill');
      const env = { JOULEBENCH_SIM_URL: s.url, JOULEBENCH_FAKE_SMI_LOG: logFile, JOULEBENCH_RESTORE_DIR: dir };
      let child: ChildProcess | undefined;
      const p = cli(
        [
          'measure',
          '--endpoint',
          s.url,
          ...load.map((a) => (a === '24' ? '100000' : a)),
          '--nvidia-smi',
          SMI,
          '--sm-clock',
          '1500',
          '--power-limit',
          '450',
          '--json',
        ],
        env,
        (c) => (child = c),
      );
      await waitFor(() => readLog(logFile).includes('-lgc 1500,1500'), 60_000);
      await knobsReach(s.url, { power_limit_w: 450, sm_clock_mhz_max: 1500 });
      child!.kill('SIGKILL');
      const r = await p;
      expect(r.signal).toBe('SIGKILL');
      // Nothing ran in the killed process: the card keeps its changed settings, the file says how to undo them.
      expect(await simKnobs(s.url)).toMatchObject({ power_limit_w: 450, sm_clock_mhz_max: 1500 });
      expect(readLog(logFile)).not.toMatch(/-rgc/);
      const files = fs.readdirSync(dir);
      expect(files).toEqual([`${os.hostname()}-${child!.pid}.json`]);
      expect(JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'))).toMatchObject({
        pid: child!.pid,
        gpus: [0],
        clocks_locked: true,
        power_limits: [{ gpu: 0, original_w: 700, set_w: 450 }],
        controller: { kind: 'nvidia-smi', path: SMI },
        sim_url: s.url,
      });

      // Recovery: the next run on this host finds the stale file (its harness is gone) and restores first.
      const next = await cli(
        ['measure', '--endpoint', s.url, ...load.filter((a) => a !== '--quiet'), '--nvidia-smi', SMI, '--json'],
        env,
      );
      expect(next.code).toBe(0);
      expect(next.stderr).toMatch(
        /a previous run was killed before it restored GPU settings .*SM clocks reset on GPU 0, power limit 700 W on GPU 0/,
      );
      const log = readLog(logFile);
      expect(log.slice(log.indexOf('-lgc 1500,1500'))).toMatch(/-i 0 -rgc[\s\S]*-i 0 -pl 700\b/);
      expect(await simKnobs(s.url)).toMatchObject({ power_limit_w: 700, sm_clock_mhz_max: null });
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  }, 120_000);

  it('refuses knobs clearly when not permitted, and changes nothing', async () => {
    const restoreFile = path.join(tmp, 'refused.restore.json');
    const r = await cli(
      [
        'measure',
        '--endpoint',
        sim.url,
        ...load,
        '--nvidia-smi',
        SMI,
        '--sm-clock',
        '1500',
        '--power-limit',
        '450',
        '--restore-file',
        restoreFile,
        '--json',
      ],
      {
        JOULEBENCH_SIM_URL: sim.url,
        JOULEBENCH_FAKE_SMI_DENY: '1',
      },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/setting the power limit to 450 W on GPU 0 refused: not permitted/);
    // A refused change changed nothing, so there is nothing to restore (and no false alarm).
    expect(r.stderr).not.toMatch(/NOT restored/);
    expect(fs.existsSync(restoreFile)).toBe(false);
  }, 90_000);

  it('fails clearly for an unreachable server', async () => {
    const port = await freePort();
    const r = await cli(['measure', '--endpoint', `http://127.0.0.1:${port}`, ...load, '--power', 'none', '--json']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot reach the inference server at http:\/\/127\.0\.0\.1:\d+.*ECONNREFUSED/);
  }, 90_000);

  it('fails clearly when nvidia-smi exits mid-run', async () => {
    const r = await cli(
      [
        'measure',
        '--endpoint',
        sim.url,
        ...load.map((a) => (a === '24' ? '100000' : a)),
        '--nvidia-smi',
        SMI,
        '--json',
      ],
      {
        JOULEBENCH_SIM_URL: sim.url,
        JOULEBENCH_FAKE_SMI_EXIT_AFTER_MS: '1500',
      },
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/nvidia-smi exited mid-run \(code 15\).*Unable to determine the device handle/);
  }, 90_000);

  it('starts a server from a template and fails clearly when it dies mid-run', async () => {
    const port = await freePort();
    const serverLog = path.join(tmp, 'server.log');
    const cmd = JSON.stringify([
      process.execPath,
      CLI,
      'sim-server',
      '--port',
      '{port}',
      '--max-num-seqs',
      '{max_num_seqs}',
      '--time-scale',
      '2',
    ]);
    const r = await cli(
      [
        'measure',
        '--server-cmd',
        cmd,
        '--server-port',
        String(port),
        '--server-log',
        serverLog,
        '--max-num-seqs',
        '16',
        ...load.map((a) => (a === '24' ? '100000' : a === '--quiet' ? '--json' : a)),
        '--power',
        'sim',
      ],
      {},
      () => {
        // Kill the server (found through its log) once the load is running.
        void waitFor(() => fs.existsSync(serverLog) && fs.readFileSync(serverLog, 'utf8').includes('listening'), 60_000)
          .then(() => loadRunning(`http://127.0.0.1:${port}`))
          .then(async () => {
            const s = (await (await fetch(`http://127.0.0.1:${port}/sim/state`)).json()) as { pid?: number };
            process.kill(s.pid!, 'SIGKILL');
          });
      },
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/inference server .*(exited|stopped responding).* mid-run/);
  }, 90_000);
});
