/** The sweep form's fields -> the sweep definition (components/sweeps/form-spec.ts), checked by the server's own parser. */
import { describe, expect, it } from 'vitest';
import { parseList, specFromFields, type SweepFields } from '@/components/sweeps/form-spec';
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
