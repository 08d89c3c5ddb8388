/**
 * A synthetic study whose best configuration per load is known by hand: one model, TP1, two SM
 * clocks (1000 / 2000 MHz) at one power limit, concurrency 8 and 64, one request mix. The
 * numbers are chosen so that the answer changes with the load (see planner.test.ts).
 */
import type { RunForConfig } from '@/lib/configs/types';

export const CURVE = {
  1000: {
    8: { x: 4, p: 150, ttft: 500 },
    64: { x: 10, p: 250, ttft: 1500 },
  },
  2000: {
    8: { x: 7, p: 300, ttft: 300 },
    64: { x: 20, p: 500, ttft: 800 },
  },
} as const;
export const E2E_MEAN_MS = 1000;
export const IDLE_W = 50;

/** One run of the synthetic model on GPU-X (one GPU, 500 in / 200 out tokens). */
export function syntheticRun(id: number, knobs: RunForConfig['knobs'], metrics: RunForConfig['metrics']): RunForConfig {
  return {
    id,
    model: 'synthetic-model',
    gpu: 'GPU-X',
    gpuCount: 1,
    engine: 'vllm',
    engineVersion: '1',
    simulated: false,
    knobs,
    dataset: 'synthetic',
    metrics,
    inLen: 500,
    outLen: 200,
  };
}

export function syntheticRuns(): RunForConfig[] {
  const out: RunForConfig[] = [];
  let id = 1;
  for (const clock of [1000, 2000] as const)
    for (const c of [8, 64] as const)
      for (const noise of [-0.01, 0.01]) {
        const v = CURVE[clock][c];
        out.push(
          syntheticRun(
            id++,
            { sm_clock_mhz: clock, power_limit_w: 600, tp: 1, max_num_seqs: c, input_len: 500, output_len: 200 },
            // Two repeats, +-1%: the planner works from their means.
            {
              request_throughput_rps: v.x * (1 + noise),
              avg_power_w: v.p * (1 - noise),
              ttft_ms_p99: v.ttft * (1 + noise),
              tpot_ms_p99: 30,
              e2e_ms_mean: E2E_MEAN_MS * (1 + noise),
            },
          ),
        );
      }
  return out;
}
