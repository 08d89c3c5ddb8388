/**
 * Run records of realistic breadth (fixed seed) for the HTTP load benchmark: 24 models, 6 GPUs,
 * 3 engines, a knob grid (SM clock, power limit, max_num_seqs, TP), and the metrics a measured run
 * has (energy per token, throughput, p99 latencies). Simulated data, and labelled so.
 */
import type { RunRecord } from '@/lib/record/schema';
import { mulberry32 } from './rng';

export const FLEET_MODELS = Array.from(
  { length: 24 },
  (_, i) => `bench-org/model-${String(i).padStart(2, '0')}-${[1, 3, 8, 14, 32, 70][i % 6]}B`,
);
export const FLEET_GPUS = ['H100', 'H200', 'B200', 'A100', 'L40S', 'MI300X'];
export const FLEET_ENGINES = ['vllm', 'sglang', 'trt-llm'];
const CLOCKS = [900, 1095, 1290, 1485, 1680, 1875, 1980];
const POWER = [300, 400, 500, 700];
const SEQS = [8, 16, 32, 64, 128, 256, 512];
const TP = [1, 2, 4, 8];

export function* fleetRuns(n: number, seed: number, tag = 'fleet'): Generator<RunRecord> {
  const rnd = mulberry32(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  for (let i = 0; i < n; i++) {
    const mi = Math.floor(rnd() * FLEET_MODELS.length);
    const size = [1, 3, 8, 14, 32, 70][mi % 6];
    const clock = pick(CLOCKS);
    const limit = pick(POWER);
    const seqs = pick(SEQS);
    const tp = pick(TP);
    const slow = (1980 / clock) ** 0.4;
    const tpot = (4 + (size * 0.35) / tp + seqs * 0.05) * slow * (0.85 + 0.3 * rnd());
    const tput = ((seqs * 1000) / tpot) * (0.8 + 0.2 * rnd());
    const power = Math.min(limit, 120 + 480 * (clock / 1980) ** 2.2 * (0.7 + 0.3 * rnd())) * tp;
    const ttft = (40 + size * 6 + seqs * 0.8) * slow * (0.7 + 0.6 * rnd());
    yield {
      schema_version: 1,
      source: { kind: 'api', format: 'synthetic' },
      label: `${tag} ${i}`,
      created_at: '2026-01-01T00:00:00.000Z',
      model: { id: FLEET_MODELS[mi] },
      hardware: { gpu_model: pick(FLEET_GPUS), gpu_count: tp, simulated: true },
      engine: { name: pick(FLEET_ENGINES) },
      knobs: { sm_clock_mhz: clock, power_limit_w: limit, max_num_seqs: seqs, tp, run_index: i },
      workload: { dataset: 'sharegpt', num_requests: 1000 },
      metrics: {
        duration_s: 600,
        completed: 1000,
        avg_power_w: power,
        output_throughput_tps: tput,
        energy_per_output_token_j: power / tput,
        tpot_ms_p99: tpot * 1.6,
        itl_ms_p99: tpot * 2.1,
        ttft_ms_p99: ttft * 2.5,
      },
    } as RunRecord;
  }
}
