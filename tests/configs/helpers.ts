import { normal, rng } from '@/lib/runner/stats';
import type { RunForConfig } from '@/lib/configs';

let nextId = 1;
export function run(over: Partial<RunForConfig> & { metrics: RunForConfig['metrics'] }): RunForConfig {
  return {
    id: nextId++,
    model: 'm',
    gpu: 'H100',
    gpuCount: 1,
    engine: 'vllm',
    engineVersion: '0.8',
    simulated: false,
    knobs: {},
    dataset: 'sharegpt',
    inLen: null,
    outLen: null,
    ...over,
  };
}

/** `n` repeats of a configuration whose energy per output token is mu with relative noise `rel`. */
export function repeats(
  seed: number,
  n: number,
  knobs: RunForConfig['knobs'],
  mu: number,
  rel: number,
  latency: number,
): RunForConfig[] {
  const r = rng(seed);
  return Array.from({ length: n }, () =>
    run({
      knobs,
      metrics: { energy_per_output_token_j: mu * (1 + rel * normal(r)), tpot_ms_p99: latency * (1 + 0.02 * normal(r)) },
    }),
  );
}
