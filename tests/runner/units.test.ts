import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, summarize } from '@/lib/runner/stats';
import { parseSmiLine, parseSmiTimestamp, smiNumber, SMI_FIELDS } from '@/lib/runner/power/nvidia-smi';
import { parseDcgm } from '@/lib/runner/power/dcgm';
import { probeRapl } from '@/lib/runner/power/rapl';
import { probeNvml } from '@/lib/runner/power/nvml';
import { counterEnergy, integratePower } from '@/lib/runner/power/energy';
import { steadyWindow, tokensIn, type Req } from '@/lib/runner/window';
import { fillTemplate, parseTemplate, PRESETS } from '@/lib/runner/server/template';
import { explainSmiFailure } from '@/lib/runner/knobs';
import { syntheticPrompts, datasetPrompts, lengthDist } from '@/lib/runner/loadgen/prompts';

describe('percentiles (numpy linear interpolation)', () => {
  it('matches numpy.percentile reference values', () => {
    // numpy.percentile([1, 2, 3, 4], [50, 90, 99]) -> [2.5, 3.7, 3.97]
    expect(percentile([1, 2, 3, 4], 50)).toBeCloseTo(2.5, 12);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 12);
    expect(percentile([1, 2, 3, 4], 99)).toBeCloseTo(3.97, 12);
    // numpy.percentile([10, 20, 40, 80, 160], 95) -> 144.0
    expect(percentile([10, 20, 40, 80, 160], 95)).toBeCloseTo(144, 12);
    expect(summarize([5, NaN, 1, 3])).toMatchObject({ mean: 3, p50: 3 });
    expect(summarize([])).toEqual({});
  });
});

describe('nvidia-smi CSV parsing', () => {
  it('parses a full line and its timestamp', () => {
    const now = parseSmiTimestamp('2026/01/02 03:04:05.678')!;
    const s = parseSmiLine(
      '0, 2026/01/02 03:04:05.678, 312.45, 300.10, 1980, 2619, 87, 55, 700.00',
      SMI_FIELDS,
      now + 20,
    )!;
    expect(s).toMatchObject({
      t: now,
      device: 0,
      powerW: 312.45,
      powerAvgW: 300.1,
      smClockMhz: 1980,
      memClockMhz: 2619,
      utilizationPct: 87,
      temperatureC: 55,
      powerLimitW: 700,
    });
  });
  it('treats [N/A] and [Not Supported] as missing and falls back to the average', () => {
    const s = parseSmiLine(
      '1, 2026/01/02 03:04:05.678, [N/A], 250.00, [Not Supported], 2619, [N/A], 40, 700.00',
      SMI_FIELDS,
      Date.now(),
    )!;
    expect(s.powerW).toBe(250);
    expect(s.smClockMhz).toBeUndefined();
    expect(s.device).toBe(1);
    expect(smiNumber('[Unknown Error]')).toBeUndefined();
    expect(smiNumber('123.4 W')).toBe(123.4);
  });
  it('rejects lines that are not samples', () => {
    expect(parseSmiLine('NVIDIA-SMI has failed because it could not communicate', SMI_FIELDS, 0)).toBeNull();
  });
});

describe('other power sources', () => {
  it('parses DCGM exporter text', () => {
    const m = parseDcgm(
      '# HELP x\nDCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-a"} 301.5\nDCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-a"} 123456789\nDCGM_FI_DEV_POWER_USAGE{gpu="1",UUID="GPU-b"} 99\n',
    );
    expect(m.get(0)).toEqual({ powerW: 301.5, energyJ: 123456.789 });
    expect(m.get(1)).toEqual({ powerW: 99 });
  });
  it('reads RAPL counters and unwraps wraparound', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapl-'));
    const z = path.join(root, 'intel-rapl:0');
    fs.mkdirSync(z);
    fs.mkdirSync(path.join(root, 'intel-rapl:0:0')); // sub-zone: must be ignored
    fs.writeFileSync(path.join(z, 'max_energy_range_uj'), '1000000\n');
    fs.writeFileSync(path.join(z, 'energy_uj'), '900000\n');
    const p = await probeRapl(1000, root);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const read = () => (p.source as unknown as { read(): Promise<Array<{ energyJ: number }>> }).read();
    expect((await read())[0].energyJ).toBeCloseTo(0.9);
    fs.writeFileSync(path.join(z, 'energy_uj'), '100000\n'); // wrapped: +0.2 J
    expect((await read())[0].energyJ).toBeCloseTo(1.1);
    expect((await probeRapl(1000, path.join(root, 'missing'))).ok).toBe(false);
  });
  it('NVML: a clear reason where it does not load, a working energy counter where it does', async () => {
    const p = await probeNvml(100, undefined);
    if (!p.ok) {
      expect(p.reason).toMatch(/NVML unavailable: .*(koffi|libnvidia-ml)/);
      return;
    }
    // A GPU host: the source samples every GPU's cumulative energy counter.
    expect(p.source).toMatchObject({ kind: 'nvml', counterMethod: 'nvml_counter', scope: 'gpu', simulated: false });
    await p.source.start((e) => {
      throw e;
    });
    try {
      await p.source.firstSample(5000);
    } finally {
      await p.source.stop();
    }
    expect(p.source.samples.length).toBeGreaterThan(0);
    for (const sample of p.source.samples) expect(sample.energyJ, `GPU ${sample.device}`).toBeGreaterThan(0);
  });
});

describe('energy over a window', () => {
  const s = { t: [0, 1, 2, 3, 4], powerW: [100, 200, 200, 100, 100], energyJ: [0, 150, 350, 500, 600] };
  it('integrates power with the trapezoid rule, interpolating at the edges', () => {
    expect(integratePower(s, 0, 4)).toBeCloseTo(150 + 200 + 150 + 100);
    expect(integratePower(s, 0.5, 1.5)).toBeCloseTo((0.5 * (150 + 200)) / 2 + 0.5 * 200);
  });
  it('uses counter deltas', () => {
    expect(counterEnergy(s, 1, 3)).toBeCloseTo(350);
    expect(counterEnergy(s, 0.5, 1)).toBeCloseTo(75);
  });
});

describe('steady-state window', () => {
  const mk = (start: number, end: number): Req => ({
    start,
    end,
    firstToken: start + 0.1,
    chunks: [start + 0.1, (start + end) / 2, end],
    inTokens: 10,
    outTokens: 3,
    success: true,
  });
  it('closed loop: from the first completion to the first completion after the last send', () => {
    // concurrency 2: requests 0,1 at t=0; 2 at 1.0 (after 0 finished); 3 at 1.5; 4 at 2.0; last send 2.0
    const reqs = [mk(0, 1), mk(0, 1.5), mk(1, 2), mk(1.5, 2.6), mk(2, 3)];
    expect(steadyWindow(reqs, 'closed', 2)).toEqual({ start: 1, end: 2.6 });
    const t = tokensIn(reqs, { start: 1, end: 2.6 });
    expect(t.completed).toBe(4); // ends at 1, 1.5, 2 and 2.6
  });
  it('open loop ends at the last arrival; no window when ramp-up and drain overlap', () => {
    expect(steadyWindow([mk(0, 1), mk(0.5, 2), mk(1.2, 2)], 'open')).toEqual({ start: 1, end: 1.2 });
    expect(steadyWindow([mk(0, 1), mk(0, 1)], 'closed', 2)).toBeNull();
  });
});

describe('server templates', () => {
  it('fills placeholders into argv and rejects unknown or empty ones', () => {
    expect(fillTemplate(PRESETS.vllm, { model: 'm', tp: 2, max_num_seqs: 64, port: 8001, host: '127.0.0.1' })).toEqual([
      'vllm',
      'serve',
      'm',
      '--host',
      '127.0.0.1',
      '--port',
      '8001',
      '--tensor-parallel-size',
      '2',
      '--max-num-seqs',
      '64',
    ]);
    expect(() => parseTemplate('["x","{modle}"]')).toThrow(/unknown placeholder \{modle\}/);
    expect(() => fillTemplate(['x', '--tp={tp}'], { model: 'm' })).toThrow(/\{tp\} .* no value/);
    expect(() => parseTemplate('vllm serve x')).toThrow(/JSON array/);
    // argv, never a shell: metacharacters stay inside one argument
    expect(fillTemplate(['x', '{model}'], { model: 'a; rm -rf /' })).toEqual(['x', 'a; rm -rf /']);
  });
});

describe('knob refusal messages', () => {
  it('explains permission errors', () => {
    const e = explainSmiFailure(
      'locking SM clocks',
      [0],
      'The current user does not have permission to change clocks for GPU 00000000:18:00.0.\nTerminating early due to previous errors.',
    );
    expect(e.message).toMatch(/refused: not permitted .*acp UNRESTRICTED/);
  });
});

describe('prompts', () => {
  it('synthetic prompts have the requested word counts and are seeded', () => {
    const a = syntheticPrompts(20, lengthDist('uniform', 100, 0.5), lengthDist('fixed', 8), 1);
    const b = syntheticPrompts(20, lengthDist('uniform', 100, 0.5), lengthDist('fixed', 8), 1);
    expect(a).toEqual(b);
    for (const p of a) {
      expect(p.text.split(' ').length).toBe(p.inputLen);
      expect(p.inputLen).toBeGreaterThanOrEqual(50);
      expect(p.inputLen).toBeLessThanOrEqual(150);
    }
  });
  it('dataset errors name the file and line', () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ds-')), 'p.jsonl');
    fs.writeFileSync(f, '{"prompt":"hi","output_len":4}\n{"text":"x"}\n');
    expect(() => datasetPrompts(f, 2, lengthDist('fixed', 8), 0)).toThrow(/p\.jsonl:2: key 'prompt'/);
  });
});

describe('simulated time scale and GPU selection', () => {
  const load = (stepWallMs: number) => ({
    t0Ms: 0,
    mode: 'closed' as const,
    results: [0, 1].map((i) => ({
      startMs: i,
      chunkMs: Array.from({ length: 20 }, (_, k) => 5 + k * stepWallMs),
      endMs: 5 + 19 * stepWallMs,
      success: true,
    })),
  });
  it('flags ITL as unreliable when a decode step is shorter than ~2 wall-clock ms', async () => {
    const { timeScaleResolution } = await import('@/lib/runner/measure');
    expect(timeScaleResolution(load(0.5), 20)).toMatch(
      /time scale 20: a decode step lasts 0\.50 wall-clock ms.*at most 5\)/,
    );
    expect(timeScaleResolution(load(5), 2)).toBeNull();
    expect(timeScaleResolution(load(0.5), 1)).toBeNull(); // real time: nothing to say
  });
  it('a real point uses the GPUs Slurm allocated, else the first TP GPUs; the simulated device all of its own', async () => {
    const { pointGpus } = await import('@/lib/executors/point-runner');
    const spec = (simulated: boolean, tp?: number) =>
      ({ simulated, serverKnobs: { tp } }) as unknown as Parameters<typeof pointGpus>[0];
    expect(pointGpus(spec(false, 2), { CUDA_VISIBLE_DEVICES: '4,5' })).toEqual([4, 5]);
    expect(pointGpus(spec(false, 2), {})).toEqual([0, 1]);
    expect(pointGpus(spec(false), { CUDA_VISIBLE_DEVICES: 'GPU-abc' })).toEqual([0]);
    expect(pointGpus(spec(true, 2), { CUDA_VISIBLE_DEVICES: '3' })).toBeUndefined();
  });
});
