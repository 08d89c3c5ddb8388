/**
 * The named steps of `runMeasurement` (lib/runner/steps/*), each on its own: what the record says
 * of a run (knobs, label, model, engine), which GPUs and sampling rate, the workload, the
 * hardware block from nvidia-smi output, and the endpoint probe against the real simulated server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startSimServer, type SimServer } from '@/lib/runner/sim/server';
import type { MeasureOptions } from '@/lib/runner/measure';
import { probeEndpoint, runServerArgv, type EndpointInfo } from '@/lib/runner/steps/endpoint';
import { knobGpus, runGpus, sampleIntervalMs } from '@/lib/runner/steps/power';
import { buildWorkload, workloadName } from '@/lib/runner/steps/workload';
import { describeHardware, parseGpuIdentity } from '@/lib/runner/steps/hardware';
import { recordEngine, recordKnobs, recordModel, runLabel, simInstability } from '@/lib/runner/steps/record';
import { changesKnobs, knobController } from '@/lib/runner/steps/knobs';
import { SimKnobs, SmiKnobs } from '@/lib/runner/knobs';
import { EndpointError } from '@/lib/runner/errors';
import { freePort } from '@/lib/runner/server/lifecycle';
import type { LoadResult } from '@/lib/runner/loadgen/run';

const SMI = path.resolve(__dirname, '../../bin/fake-nvidia-smi');
const base: MeasureOptions = {
  endpoint: 'http://x',
  model: 'org/Model-8B',
  concurrency: 4,
  requests: 10,
  inputLen: 32,
  outputLen: 8,
};
const real: EndpointInfo = { url: 'http://x', timeScale: 1, version: '0.9.1' };
const simulated: EndpointInfo = {
  url: 'http://x',
  timeScale: 20,
  sim: {
    gpu: 'H100-SXM',
    gpu_memory_gb: 80,
    model: 'org/Model-8B',
    params_b: 8,
    tp: 2,
    max_num_seqs: 64,
    time_scale: 20,
  },
};

describe('endpoint step', () => {
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSimServer({ port: 0, timeScale: 5, tp: 2 });
  });
  afterAll(() => sim.close());

  it('recognises the simulated device and its time scale', async () => {
    const info = await probeEndpoint(sim.url);
    expect(info.sim?.tp).toBe(2);
    expect(info.timeScale).toBe(5);
  });

  it('names the endpoint and the cause when nothing answers', async () => {
    const url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const err = await probeEndpoint(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointError);
    expect((err as Error).message).toContain(`cannot reach the inference server at ${url}`);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('fills the server template from the options', () => {
    expect(
      runServerArgv(
        { ...base, tp: 2, gpus: [1, 3] },
        ['s', '{model}', '--tp', '{tp}', '{gpus}', '{host}:{port}'],
        8000,
      ),
    ).toEqual(['s', 'org/Model-8B', '--tp', '2', '1,3', '127.0.0.1:8000']);
  });
});

describe('power step', () => {
  it('samples K times as often on a K-times-faster simulated device, floor 20 ms', () => {
    expect(sampleIntervalMs(undefined, 1)).toBe(100);
    expect(sampleIntervalMs(undefined, 2)).toBe(50);
    expect(sampleIntervalMs(undefined, 50)).toBe(20);
    expect(sampleIntervalMs(250, 50)).toBe(250);
  });

  it('uses --gpu, else the first TP GPUs on real hardware, all devices on the simulated one', () => {
    expect(runGpus({ gpus: [3] }, false)).toEqual([3]);
    expect(runGpus({ tp: 2 }, false)).toEqual([0, 1]);
    expect(runGpus({ tp: 2 }, true)).toBeUndefined();
    expect(knobGpus(undefined, simulated)).toEqual([0, 1]);
  });
});

describe('knobs step', () => {
  it('changes knobs only when asked, through nvidia-smi unless only the simulated API exists', () => {
    expect(changesKnobs({})).toBe(false);
    expect(changesKnobs({ powerLimitW: 300 })).toBe(true);
    expect(knobController(base, null, 'http://sim')).toBeInstanceOf(SimKnobs);
    expect(knobController({ ...base, nvidiaSmi: SMI }, null, 'http://sim')).toBeInstanceOf(SmiKnobs);
  });
});

describe('workload step', () => {
  it('builds the requested count of prompts, and a warmup unless --warmup 0', () => {
    const w = buildWorkload({ ...base, warmup: 2 });
    expect(w.prompts).toHaveLength(10);
    expect(w.prompts[0].outputLen).toBe(8);
    expect(w.warmupPrompts).toHaveLength(2);
    expect(buildWorkload({ ...base, warmup: 0 }).warmupPrompts).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    expect(buildWorkload({ ...base, seed: 7 }).prompts).toEqual(buildWorkload({ ...base, seed: 7 }).prompts);
  });

  it('names a synthetic workload by its distributions', () => {
    expect(workloadName({ ...base, inputDist: 'uniform' })).toBe('synthetic-uniform-fixed');
    expect(workloadName({ ...base, dataset: '/data/sharegpt.jsonl' })).toBe('sharegpt.jsonl');
  });
});

describe('hardware step', () => {
  it('reads the card name and memory from nvidia-smi', () => {
    expect(parseGpuIdentity('NVIDIA H100 80GB HBM3, 81559\n')).toEqual({ name: 'NVIDIA H100 80GB HBM3', memoryGb: 80 });
    expect(parseGpuIdentity('')).toEqual({ name: undefined, memoryGb: undefined });
  });

  it('falls back to --gpu-model when no nvidia-smi answers', async () => {
    const hw = await describeHardware({ ...base, nvidiaSmi: '/nonexistent/smi', gpuModel: 'L40S' }, real, null, [0]);
    expect(hw).toMatchObject({ gpu_model: 'L40S', gpu_count: 1, simulated: false });
  });

  it('takes the simulated device at its word', async () => {
    const hw = await describeHardware(base, simulated, null, [0, 1]);
    expect(hw).toMatchObject({ gpu_model: 'H100-SXM', gpu_count: 2, gpu_memory_gb: 80, simulated: true });
  });
});

describe('record step', () => {
  it('records knobs as set, the device defaults of the simulated device, and the minimum clock', () => {
    const k = recordKnobs({ ...base, smClock: [900, 1400], powerLimitW: 350 }, simulated, null);
    expect(k).toEqual({
      sm_clock_mhz: 1400,
      sm_clock_min_mhz: 900,
      power_limit_w: 350,
      tp: 2,
      max_num_seqs: 64,
      max_concurrency: 4,
      input_len: 32,
      output_len: 8,
    });
    expect(recordKnobs({ ...base, dataset: 'd.jsonl' }, real, null)).toEqual({ max_concurrency: 4 });
  });

  it('labels the run by model, card and knobs unless --label is given', () => {
    const hw = { gpu_model: 'H100-SXM', gpu_count: 1, host: 'h', simulated: true };
    expect(runLabel({ ...base, smClock: [1200, 1200] }, hw)).toBe('Model-8B H100-SXM (sim) c=4 sm=1200MHz');
    expect(runLabel({ ...base, concurrency: undefined, rate: 2 }, hw)).toBe('Model-8B H100-SXM (sim) rate=2');
    expect(runLabel({ ...base, label: 'mine' }, hw)).toBe('mine');
  });

  it('says which engine and model size, from the simulated device or /version', () => {
    expect(recordEngine(base, simulated)).toEqual({ name: 'joulebench-sim', version: '1' });
    expect(recordEngine(base, real)).toEqual({ name: 'vllm', version: '0.9.1' });
    expect(recordEngine({ ...base, engine: 'sglang' }, { ...real, version: undefined }).name).toBe('sglang');
    expect(recordModel(base, simulated)).toEqual({ id: 'org/Model-8B', params_b: 8, precision: 'bf16' });
    expect(recordModel(base, real)).toEqual({ id: 'org/Model-8B' });
  });

  it('flags a simulated run whose device fell behind real time', () => {
    const load = { t0Ms: 0, results: [] } as unknown as LoadResult;
    expect(simInstability(0.1, load, 10, 10_000)).toEqual([]);
    expect(simInstability(5, load, 10, 10_000)[0]).toMatch(/fell 5\.00 s behind real time \(time scale 10/);
  });
});
