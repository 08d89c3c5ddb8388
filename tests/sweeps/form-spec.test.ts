/** The sweep form's fields -> the sweep definition (components/sweeps/form-spec.ts), checked by the server's own parser. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_SCALE,
  fieldsFromSpec,
  GRID_SECTION_KNOBS,
  parseList,
  specFromFields,
  type SweepFields,
} from '@/components/sweeps/form-spec';
import { GRID_KNOB_NAMES, type GridKnob } from '@/lib/sweeps/knobs';
import { parseSweepSpec } from '@/lib/sweeps/spec';

const emptyGrid = Object.fromEntries(GRID_KNOB_NAMES.map((k) => [k, ''])) as Record<GridKnob, string>;
const fields = (over: Partial<SweepFields> = {}): SweepFields => ({
  name: 'clock sweep',
  study: '',
  simulated: true,
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  gpu: 'H100',
  serverKind: 'sim',
  endpoint: '',
  customArgv: '',
  extraArgs: '',
  loadMode: 'concurrency',
  loadValue: '8',
  requests: '32',
  inputLen: '512',
  outputLen: '128',
  grid: { ...emptyGrid, sm_clock_mhz: '1410, 1980', max_num_seqs: '64;256' },
  reps: '2',
  timeScale: '4',
  executor: 'local',
  partition: '',
  account: '',
  gpusPerPoint: '1',
  timeLimit: '30',
  ...over,
});

describe('sweep form -> sweep definition', () => {
  it('builds a definition the server accepts', () => {
    const { spec, error } = specFromFields(fields(), []);
    expect(error).toBeUndefined();
    expect(spec).toMatchObject({
      grid: { sm_clock_mhz: [1410, 1980], max_num_seqs: [64, 256] },
      workload: { concurrency: 8, requests: 32 },
      repetitions: 2,
      time_scale: 4,
    });
    expect(() => parseSweepSpec(spec)).not.toThrow();
  });

  it('adaptive repetitions only when a target is given; the server accepts them', () => {
    expect(specFromFields(fields(), []).spec).not.toHaveProperty('adaptive');
    const { spec } = specFromFields(fields({ adaptiveTarget: '2', adaptiveMax: '8' }), []);
    expect(spec).toMatchObject({ repetitions: 2, adaptive: { target_pct: 2, max_repetitions: 8 } });
    expect(parseSweepSpec(spec).adaptive).toEqual({ target_pct: 2, max_repetitions: 8 });
  });

  it('names the knob of a value that is not a number', () => {
    expect(specFromFields(fields({ grid: { ...emptyGrid, power_limit_w: '300, lots' } }), [])).toEqual({
      error: 'Power limit (W): "lots" is not a number',
    });
    expect(parseList('  ')).toBeNull();
  });

  it('an existing study is sent by id, a new one by name; Slurm and extra args only when chosen', () => {
    const studies = [{ id: 7, name: 'H100 clocks' }];
    expect(specFromFields(fields({ study: ' H100 clocks ' }), studies).spec!.study).toBe(7);
    expect(specFromFields(fields({ study: 'new study' }), studies).spec!.study).toBe('new study');
    const real = specFromFields(
      fields({
        simulated: false,
        serverKind: 'vllm',
        extraArgs: '--dtype\nbfloat16\n',
        executor: 'slurm',
        partition: 'gpu',
      }),
      [],
    ).spec!;
    expect(real).toMatchObject({
      server: { kind: 'vllm', extra_args: ['--dtype', 'bfloat16'] },
      slurm: { gpus_per_point: 1, time_limit: '30', partition: 'gpu' },
    });
    expect(real).not.toHaveProperty('time_scale');
    expect(real.slurm).not.toHaveProperty('account');
  });
});

describe('each knob in one place', () => {
  it('the knob grid offers only GPU and server knobs; load knobs are Workload fields', () => {
    expect(GRID_SECTION_KNOBS).toEqual(['sm_clock_mhz', 'power_limit_w', 'tp', 'max_num_seqs']);
  });

  it('one workload value is the workload; a list is swept by its grid knob', () => {
    const one = specFromFields(fields(), []).spec!;
    expect(one.workload).toEqual({ requests: 32, concurrency: 8, input_len: 512, output_len: 128 });
    expect(one.grid).not.toHaveProperty('max_concurrency');
    const swept = specFromFields(fields({ loadValue: '4, 16', outputLen: '64, 256' }), []).spec!;
    expect(swept.workload).toEqual({ requests: 32, input_len: 512, output_len: 64 });
    expect(swept.grid).toMatchObject({ max_concurrency: [4, 16], output_len: [64, 256] });
    expect(() => parseSweepSpec(swept)).not.toThrow();
    const rate = specFromFields(fields({ loadMode: 'rate', loadValue: '0.5, 2' }), []).spec!;
    expect(rate.grid).toMatchObject({ request_rate: [0.5, 2] });
    expect(() => parseSweepSpec(rate)).not.toThrow();
  });

  it('a workload field must have a number', () => {
    expect(specFromFields(fields({ loadValue: '' }), []).error).toBe('Concurrency: give a value');
    expect(specFromFields(fields({ inputLen: 'long' }), []).error).toBe('Input length: "long" is not a number');
  });

  it('a stored definition fills the form back (re-run), swept load knobs in their Workload field', () => {
    const stored = specFromFields(fields({ loadValue: '4, 16', study: 'S' }), [{ id: 3, name: 'S' }]).spec!;
    const back = fieldsFromSpec(stored, [{ id: 3, name: 'S' }]);
    expect(back).toMatchObject({
      loadMode: 'concurrency',
      loadValue: '4, 16',
      study: 'S',
      name: 'clock sweep (re-run)',
    });
    expect(back.grid.sm_clock_mhz).toBe('1410, 1980');
    expect(specFromFields(back, [{ id: 3, name: 'S' }]).spec).toMatchObject({
      grid: stored.grid,
      workload: stored.workload,
    });
  });

  it('a new sweep runs the simulator in real time by default (faster fell behind: points unstable)', () => {
    expect(fieldsFromSpec(undefined, []).timeScale).toBe(String(DEFAULT_TIME_SCALE));
    expect(DEFAULT_TIME_SCALE).toBe(1);
    expect(parseSweepSpec({ ...specFromFields(fields(), []).spec!, time_scale: undefined }).time_scale).toBe(1);
  });
});
