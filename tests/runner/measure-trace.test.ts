/**
 * Trace replay against the simulated GPU: `joulebench measure --trace` (the real CLI) on a
 * time-compressed slice of the built-in conversation trace, and replayWorkload (the planner's
 * entry) with an event at a replay time. Small slices and a speed-up keep the wall time short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimServer, type SimServer } from '@/lib/runner/sim/server';
import { runRecordSchema } from '@/lib/record/schema';
import { integratePower } from '@/lib/runner/power/energy';
import { replayWorkload } from '@/lib/runner/loadgen/replay';
import { loadBuiltin } from '@/lib/workloads/builtin';
import { sliceWorkload } from '@/lib/workloads/slice';
import { runMeasurement } from '@/lib/runner/measure';
import { OptionError } from '@/lib/runner/errors';
import { toOptions } from '@/cli/commands/measure';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/joulebench.js');
const SMI = path.join(ROOT, 'bin/fake-nvidia-smi');
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-trace-'));
const K = 4;

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, JOULEBENCH_RESTORE_DIR: path.join(tmp, 'restore'), ...env },
    });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ port: 0, timeScale: K, maxNumSeqs: 256 });
});
afterAll(async () => {
  await sim?.close();
});

describe('joulebench measure --trace', () => {
  it('replays a slice open-loop: every request at its time with its lengths; the record names the workload', async () => {
    const r = await cli(
      [
        'measure',
        '--endpoint',
        sim.url,
        '--model',
        MODEL,
        '--trace',
        'builtin:azure-conv-2023',
        '--start',
        '900',
        '--duration',
        '12',
        '--speedup',
        String(K),
        '--nvidia-smi',
        SMI,
        '--sample-ms',
        '25',
        '--json',
        '--quiet',
      ],
      { JOULEBENCH_SIM_URL: sim.url },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rec = runRecordSchema.parse(JSON.parse(r.stdout));
    // The slice, computed independently of the CLI.
    const want = loadBuiltin('azure-conv-2023')!.requests.filter((q) => q.atS >= 900 && q.atS < 912);
    expect(want.length).toBeGreaterThan(30);
    expect(rec.workload).toMatchObject({
      dataset: 'builtin:azure-conv-2023',
      trace: 'builtin:azure-conv-2023',
      trace_start_s: 900,
      trace_duration_s: 12,
      trace_speedup: K,
      trace_requests: want.length,
      num_requests: want.length,
    });
    expect(rec.extra).toMatchObject({ arrival: 'trace', time_scale: K });
    expect(rec.knobs.request_rate).toBeUndefined();
    expect(rec.metrics.completed).toBe(want.length);
    // Per request, in trace order: the trace's input length (the sim counts words) and the forced output length.
    const q = rec.requests!;
    expect(q.input_tokens).toEqual(want.map((w) => w.inputTokens));
    expect(q.output_tokens).toEqual(want.map((w) => w.outputTokens));
    // Sent at the trace time (run seconds = trace seconds here: speed-up = time scale), never early.
    const due = want.map((w) => w.atS - 900);
    const late = q.start_s!.map((s, i) => s - due[i]);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(-0.005);
    expect(late.sort((a, b) => a - b)[Math.floor(late.length / 2)]).toBeLessThan(0.5);
    // Energy over the whole replay (the reported power integrated), and the power trace covers it.
    expect(rec.energy_provenance).toMatchObject({ method: 'power_integration' });
    const w = rec.energy_provenance!.window!;
    expect(w.steady_state).toBe(false);
    const ends = q.start_s!.map((s, i) => s + q.e2e_ms[i]! / 1000);
    expect(w.start_s).toBeLessThanOrEqual(Math.min(...q.start_s!) + 0.001);
    expect(w.end_s).toBeCloseTo(Math.max(...ends), 1);
    const dev = rec.trace!.devices[0];
    expect(dev.t_s[0]).toBeLessThanOrEqual(w.start_s);
    expect(dev.t_s[dev.t_s.length - 1]).toBeGreaterThanOrEqual(w.end_s);
    const e = integratePower({ t: dev.t_s, powerW: dev.power_w, energyJ: [] }, w.start_s, w.end_s)!;
    expect(Math.abs(rec.metrics.energy_j! - e) / e).toBeLessThan(0.02);
  }, 90_000);

  it('--max-requests caps the slice; conflicting options and bad traces are refused before anything runs', async () => {
    const rec = await runMeasurement(
      toOptions({
        endpoint: sim.url,
        model: MODEL,
        trace: 'builtin:azure-code-2023',
        maxRequests: '5',
        speedup: '50',
        power: 'none',
        warmup: '0',
      }),
    );
    expect(rec.workload).toMatchObject({ trace: 'builtin:azure-code-2023', trace_requests: 5, trace_speedup: 50 });
    expect(rec.requests!.output_tokens).toEqual(
      loadBuiltin('azure-code-2023')!
        .requests.slice(0, 5)
        .map((x) => x.outputTokens),
    );

    const refused = async (o: Record<string, string>, msg: string | RegExp) => {
      let err: unknown;
      try {
        await runMeasurement(toOptions({ endpoint: sim.url, model: MODEL, ...o }));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OptionError); // the CLI exits 2
      expect((err as Error).message).toMatch(msg);
    };
    await refused(
      { trace: 'builtin:azure-code-2023', rate: '3' },
      "--trace replays the trace's arrivals and lengths: drop --rate",
    );
    const bad = path.join(tmp, 'bad.csv');
    fs.writeFileSync(bad, 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,5,-2\n');
    await refused({ trace: bad }, '--trace: bad.csv:2 (column GeneratedTokens): "-2" is not a whole number of tokens');
    await refused({ trace: 'builtin:azure-code-2023', start: '5000' }, /no requests between 5000 s and the end/);
    await refused(
      { trace: 'builtin:azure-code-2023', speedup: '0' },
      '--speedup must be > 0 and at most 10000 (got 0)',
    );
  }, 60_000);
});

describe('replayWorkload (the planner entry)', () => {
  it('returns one result per request in trace order and runs events at their replay times', async () => {
    const w = loadBuiltin('azure-conv-2023')!;
    const fired: number[] = [];
    const { slice, load } = await replayWorkload({
      endpoint: sim.url,
      model: MODEL,
      workload: w,
      slice: { startS: 1200, durationS: 6, speedup: 6 },
      events: [{ atS: 0.5, run: () => void fired.push(performance.timeOrigin + performance.now()) }],
    });
    const want = sliceWorkload(w, { startS: 1200, durationS: 6, speedup: 6 }).requests;
    expect(slice).toMatchObject({ ref: 'builtin:azure-conv-2023', startS: 1200, durationS: 6, speedup: 6 });
    expect(load.results.map((r) => r.index)).toEqual(want.map((_, i) => i));
    expect(load.results.every((r) => r.success)).toBe(true);
    expect(load.results.map((r) => r.outputTokens)).toEqual(want.map((q) => q.outputTokens));
    expect(load.results.map((r) => r.inputTokens)).toEqual(want.map((q) => q.inputTokens));
    expect(load.results.every((r, i) => r.dueS === want[i].atS && r.startMs >= load.t0Ms + r.dueS * 1000 - 1)).toBe(
      true,
    );
    expect(fired).toHaveLength(1);
    expect(fired[0] - load.t0Ms).toBeGreaterThanOrEqual(499);
  }, 60_000);

  it('an event that fails fails the replay; the sim refuses min_tokens above max_tokens', async () => {
    await expect(
      replayWorkload({
        endpoint: sim.url,
        model: MODEL,
        workload: loadBuiltin('azure-code-2023')!,
        slice: { maxRequests: 3, speedup: 100 },
        events: [{ atS: 0, run: () => Promise.reject(new Error('knob change refused')) }],
      }),
    ).rejects.toThrow('knob change refused');
    const res = await fetch(`${sim.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, prompt: 'a b', max_tokens: 4, min_tokens: 5 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'min_tokens must be an integer between 0 and max_tokens',
    );
  }, 60_000);
});
