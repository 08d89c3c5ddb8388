import { describe, expect, it } from 'vitest';
import { expandGrid, countPoints } from '@/lib/sweeps/grid';
import { parseSweepSpec } from '@/lib/sweeps/spec';
import { estimateSweep } from '@/lib/sweeps/estimate';
import { harnessArgv, pointGpus, serverArgv, simHostEntry } from '@/lib/executors/point-runner';
import { jobScript, sbatchArgs, parseScontrol } from '@/lib/executors/slurm';
import { pointSpecSchema } from '@/lib/executors/point-spec';
import { tinySpec } from './helpers';

describe('sweep spec and grid', () => {
  it('expands the cartesian product in stable order, times repetitions', () => {
    const pts = expandGrid({ sm_clock_mhz: [1400, 1980], max_num_seqs: [8, 16, 32] }, 2);
    expect(pts).toHaveLength(12);
    expect(pts[0].knobs).toEqual({ sm_clock_mhz: 1400, max_num_seqs: 8 });
    expect(pts[1].knobs).toEqual({ sm_clock_mhz: 1400, max_num_seqs: 16 });
    expect(pts[3].knobs).toEqual({ sm_clock_mhz: 1980, max_num_seqs: 8 });
    expect(pts[6]).toMatchObject({ idx: 6, rep: 1, knobs: { sm_clock_mhz: 1400, max_num_seqs: 8 } });
    expect(countPoints({ tp: [1, 2], request_rate: [1, 2, 4] }, 3)).toBe(18);
  });

  it('rejects bad input with the key and reason', () => {
    expect(() => parseSweepSpec(tinySpec({ grid: { sm_clock_mhz: ['1400; rm -rf /'] } }))).toThrow(
      /grid.sm_clock_mhz.0/,
    );
    expect(() => parseSweepSpec(tinySpec({ grid: { foo: [1] } }))).toThrow(/foo/);
    expect(() => parseSweepSpec(tinySpec({ model: 'llama $(reboot)' }))).toThrow(/model/);
    expect(() =>
      parseSweepSpec(tinySpec({ workload: { requests: 4, concurrency: 2, rate: 1, input_len: 1, output_len: 1 } })),
    ).toThrow(/exactly one/);
    expect(() => parseSweepSpec(tinySpec({ simulated: false }))).toThrow(/server/);
    expect(() =>
      parseSweepSpec(tinySpec({ executor: 'slurm', slurm: { partition: 'a b', gpus_per_point: 1, time_limit: '10' } })),
    ).toThrow(/partition/);
    expect(() =>
      parseSweepSpec(
        tinySpec({
          grid: {
            sm_clock_mhz: Array.from({ length: 40 }, (_, i) => 1000 + i),
            max_num_seqs: Array.from({ length: 30 }, (_, i) => i + 1),
          },
        }),
      ),
    ).toThrow(/at most 1000/);
  });

  it('estimates a duration and fills defaults', () => {
    const s = parseSweepSpec(tinySpec({ executor: 'slurm' }));
    expect(s.server).toEqual({ kind: 'sim' });
    expect(s.slurm).toEqual({ gpus_per_point: 1, time_limit: '30' });
    const e = estimateSweep(s);
    expect(e.points).toBe(4);
    expect(e.totalS).toBeGreaterThan(4 * 3);
    expect(e.totalS).toBeLessThan(200);
  });
});

describe('commands are argv arrays of validated values', () => {
  const spec = pointSpecSchema.parse({
    version: 1,
    sweepId: 1,
    pointId: 2,
    attempt: 1,
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    gpu: 'H100',
    simulated: true,
    timeScale: 50,
    server: { kind: 'sim' },
    serverKnobs: { max_num_seqs: 16, tp: 2 },
    measure: { requests: 4, concurrency: 2, input_len: 64, output_len: 16, sm_clock_mhz: 1410 },
    harness: { node: '/usr/bin/node', entry: '/repo/bin/joulebench.js', nvidiaSmi: '/repo/bin/fake-nvidia-smi' },
    timeoutS: 60,
  });
  it('builds sim-server and measure argv', () => {
    expect(serverArgv(spec, 1234)).toEqual([
      '/usr/bin/node',
      simHostEntry(),
      '--port',
      '1234',
      '--gpu',
      'H100',
      '--model',
      'meta-llama/Llama-3.1-8B-Instruct',
      '--time-scale',
      '50',
      '--max-num-seqs',
      '16',
      '--tp',
      '2',
    ]);
    const m = harnessArgv(spec, 'http://127.0.0.1:1234');
    expect(m.slice(2, 5)).toEqual(['measure', '--endpoint', 'http://127.0.0.1:1234']);
    expect(m).toContain('--sm-clock');
    expect(m[m.indexOf('--nvidia-smi') + 1]).toBe('/repo/bin/fake-nvidia-smi');
    expect(m.at(-1)).toBe('--json');
    expect(m).not.toContain('--restore-file');
    const r = harnessArgv(spec, 'http://127.0.0.1:1234', '/jobs/p1/gpu-restore.json');
    expect(r[r.indexOf('--restore-file') + 1]).toBe('/jobs/p1/gpu-restore.json');
    expect(r.at(-1)).toBe('--json');
  });
  it('fills custom templates token by token (no shell)', () => {
    const custom = {
      ...spec,
      server: { kind: 'custom' as const, argv: ['srv', '--model={model}', '--tp', '{tp}', '$(x) {max_num_seqs}'] },
    };
    expect(serverArgv(custom, 9)).toEqual(['srv', '--model=meta-llama/Llama-3.1-8B-Instruct', '--tp', '2', '$(x) 16']);
  });
  it('fills {host} and {gpus} too; JSON in a token is not a placeholder', () => {
    const real = pointSpecSchema.parse({
      ...spec,
      simulated: false,
      server: {
        kind: 'custom',
        argv: ['srv', '--host={host}', '--gpus', '{gpus}', '--port={port}', '{"temperature":0}'],
      },
    });
    const gpus = process.env.CUDA_VISIBLE_DEVICES ? pointGpus(real)!.join(',') : '0,1'; // tp 2: GPUs 0,1 unless the scheduler chose
    expect(serverArgv(real, 9)).toEqual(['srv', '--host=127.0.0.1', '--gpus', gpus, '--port=9', '{"temperature":0}']);
  });
  it('refuses placeholders a sweep cannot fill, naming them, when the sweep is defined', () => {
    const custom = (argv: string[]) => tinySpec({ simulated: false, server: { kind: 'custom', argv } });
    expect(() => parseSweepSpec(custom(['vllm', 'serve', '{model}', '--pipeline-parallel-size', '{pp}']))).toThrow(
      /server\.argv: unknown placeholder \{pp\} in the server argv: a sweep fills only \{model\} \{port\} \{tp\} \{max_num_seqs\} \{host\} \{gpus\} \(\{pp\} has no sweep knob/,
    );
    expect(() => parseSweepSpec(custom(['srv', '--dtype={dtype}', '{Model}']))).toThrow(
      /unknown placeholders \{dtype\}, \{Model\}/,
    );
    expect(
      parseSweepSpec(custom(['srv', '{model}', '{port}', '{tp}', '{max_num_seqs}', '{host}', '{gpus}'])).server.kind,
    ).toBe('custom');
    // the point runner re-validates point.json the same way
    expect(
      pointSpecSchema.safeParse({ ...spec, simulated: false, server: { kind: 'custom', argv: ['srv', '{pp}'] } })
        .success,
    ).toBe(false);
  });
  it('rejects point specs with unsafe values', () => {
    expect(pointSpecSchema.safeParse({ ...spec, gpu: 'H100;reboot' }).success).toBe(false);
    expect(pointSpecSchema.safeParse({ ...spec, harness: { ...spec.harness, node: '/usr/bin/node x' } }).success).toBe(
      false,
    );
  });
  it('writes job scripts with validated paths only and sbatch options as argv', () => {
    expect(
      jobScript('/usr/bin/node', '/repo/lib/executors/point-entry.cjs', '/data/sweeps/sweep-1/point-2-a1'),
    ).toContain("exec '/usr/bin/node'");
    expect(() => jobScript('/usr/bin/node', '/repo/x.cjs', "/tmp/a'; rm -rf /")).toThrow(/not allowed/);
    const a = sbatchArgs('/d', {
      name: 'jb-s1-p2-a1',
      slurm: { gpus_per_point: 2, time_limit: '00:10:00', partition: 'gpu', account: 'ml' },
    });
    expect(a).toEqual(
      expect.arrayContaining(['--parsable', '--gres=gpu:2', '--partition=gpu', '--account=ml', '--time=00:10:00']),
    );
    expect(() =>
      sbatchArgs('/d', { name: 'x', slurm: { gpus_per_point: 1, time_limit: '10', partition: '-p x' } }),
    ).toThrow(/partition/);
  });
  it('parses scontrol -o output', () => {
    const f = parseScontrol(
      'JobId=5 JobName=x UserId=root(0) JobState=CANCELLED Reason=None Dependency=(null) ExitCode=0:15',
    );
    expect(f).toMatchObject({ JobId: '5', JobState: 'CANCELLED', ExitCode: '0:15' });
  });
});
