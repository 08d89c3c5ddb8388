/**
 * End to end: `joulebench measure` (the real CLI) against the simulated GPU and the fake
 * nvidia-smi. Checks the run record, energy against the reported power, percentiles against a
 * reference computation, knob restore after SIGTERM, and clear errors for an unreachable server,
 * a server that dies mid-run and nvidia-smi exiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Out = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
function cli(args: string[], env: Record<string, string> = {}, onStart?: (c: ChildProcess) => void): Promise<Out> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
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

const load = ['--model', MODEL, '--requests', '24', '--concurrency', '8', '--input-len', '128', '--output-len', '32', '--sample-ms', '20', '--quiet'];

describe('joulebench measure against sim-server + fake nvidia-smi', () => {
  it('produces a valid, correct run record on stdout (--json)', async () => {
    const r = await cli(['measure', '--endpoint', sim.url, ...load, '--nvidia-smi', SMI, '--json'], { JOULEBENCH_SIM_URL: sim.url });
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
      ['measure', '--endpoint', sim.url, ...load.map((a) => (a === '24' ? '100000' : a)), '--nvidia-smi', SMI, '--sm-clock', '1500', '--power-limit', '450', '--json'],
      { JOULEBENCH_SIM_URL: sim.url, JOULEBENCH_FAKE_SMI_LOG: logFile },
      (c) => (child = c),
    );
    await waitFor(() => fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('-lgc 1500,1500'), 60_000);
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as { knobs: { power_limit_w: number; sm_clock_mhz_max: number | null } };
    expect(state.knobs).toMatchObject({ power_limit_w: 450, sm_clock_mhz_max: 1500 });
    await new Promise((r) => setTimeout(r, 500)); // mid-run
    child!.kill('SIGTERM');
    const r = await p;
    expect(r.code).toBe(143);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cancelled/);
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toMatch(/-i 0 -pl 450/);
    expect(log).toMatch(/-i 0 -rgc/);
    expect(log).toMatch(/-i 0 -pl 700\b/); // the value read before changing
    const after = (await (await fetch(`${sim.url}/sim/state`)).json()) as { knobs: { power_limit_w: number; sm_clock_mhz_max: number | null } };
    expect(after.knobs).toMatchObject({ power_limit_w: 700, sm_clock_mhz_max: null });
  }, 90_000);

  it('refuses knobs clearly when not permitted, and changes nothing', async () => {
    const r = await cli(['measure', '--endpoint', sim.url, ...load, '--nvidia-smi', SMI, '--sm-clock', '1500', '--json'], { JOULEBENCH_SIM_URL: sim.url, JOULEBENCH_FAKE_SMI_DENY: '1' });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/locking SM clocks .* refused: not permitted/);
  }, 90_000);

  it('fails clearly for an unreachable server', async () => {
    const port = await freePort();
    const r = await cli(['measure', '--endpoint', `http://127.0.0.1:${port}`, ...load, '--power', 'none', '--json']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot reach the inference server at http:\/\/127\.0\.0\.1:\d+.*ECONNREFUSED/);
  }, 90_000);

  it('fails clearly when nvidia-smi exits mid-run', async () => {
    const r = await cli(['measure', '--endpoint', sim.url, ...load.map((a) => (a === '24' ? '100000' : a)), '--nvidia-smi', SMI, '--json'], {
      JOULEBENCH_SIM_URL: sim.url,
      JOULEBENCH_FAKE_SMI_EXIT_AFTER_MS: '1500',
    });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/nvidia-smi exited mid-run \(code 15\).*Unable to determine the device handle/);
  }, 90_000);

  it('starts a server from a template and fails clearly when it dies mid-run', async () => {
    const port = await freePort();
    const serverLog = path.join(tmp, 'server.log');
    const cmd = JSON.stringify([process.execPath, CLI, 'sim-server', '--port', '{port}', '--max-num-seqs', '{max_num_seqs}', '--time-scale', '2']);
    const r = await cli(
      ['measure', '--server-cmd', cmd, '--server-port', String(port), '--server-log', serverLog, '--max-num-seqs', '16', ...load.map((a) => (a === '24' ? '100000' : a === '--quiet' ? '--json' : a)), '--power', 'sim'],
      {},
      () => {
        // Kill the server (found through its log) once the load is running.
        void waitFor(() => fs.existsSync(serverLog) && fs.readFileSync(serverLog, 'utf8').includes('listening'), 60_000)
          .then(() => new Promise((res) => setTimeout(res, 2500)))
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
