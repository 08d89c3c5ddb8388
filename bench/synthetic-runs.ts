/** Synthetic but plausible run records (fixed seed) for store and explorer benchmarks. */
import type { RunRecord } from '@/lib/record/schema';
import { mulberry32 } from './rng';

const MODELS = [
  'meta-llama/Llama-3.1-8B-Instruct',
  'meta-llama/Llama-3.1-70B-Instruct',
  'Qwen/Qwen3-14B',
  'Qwen/Qwen3-32B',
  'google/gemma-3-27b-it',
  'mistralai/Mistral-Small-24B',
];
const GPUS = ['H100', 'B200', 'A100', 'H200'];
const CLOCKS = [990, 1200, 1410, 1600, 1800, 1980];
const SEQS = [8, 16, 32, 64, 128, 256, 512];

export function* syntheticRuns(n: number, seed = 42): Generator<RunRecord> {
  const rnd = mulberry32(seed);
  for (let i = 0; i < n; i++) {
    const clock = CLOCKS[Math.floor(rnd() * CLOCKS.length)];
    const seqs = SEQS[Math.floor(rnd() * SEQS.length)];
    const gpu = GPUS[Math.floor(rnd() * GPUS.length)];
    const power = 200 + 500 * (clock / 1980) ** 2.5 * (0.6 + 0.4 * rnd());
    const tput = 300 * Math.sqrt(seqs) * (0.8 + 0.4 * rnd());
    const tpot = (8 + seqs * 0.3) * (1980 / clock) ** 0.3 * (0.9 + 0.2 * rnd());
    yield {
      schema_version: 1,
      source: { kind: 'api', format: 'synthetic' },
      label: `synthetic ${i}`,
      created_at: '2026-01-01T00:00:00.000Z',
      model: { id: MODELS[Math.floor(rnd() * MODELS.length)] },
      hardware: { gpu_model: gpu, gpu_count: 1, simulated: true },
      engine: { name: rnd() < 0.7 ? 'vllm' : 'sglang' },
      knobs: { sm_clock_mhz: clock, max_num_seqs: seqs, tp: 1, seed_index: i, run_tag: `tag${i % 100}` },
      workload: {},
      // One run in ten has no power data: energy metrics missing (sorted last, never 0).
      metrics:
        rnd() < 0.1
          ? { output_throughput_tps: tput, tpot_ms_p99: tpot, ttft_ms_p99: 50 + 2000 * rnd() * (1980 / clock) }
          : {
              avg_power_w: power,
              output_throughput_tps: tput,
              energy_per_output_token_j: power / tput,
              tpot_ms_p99: tpot,
              ttft_ms_p99: 50 + 2000 * rnd() * (1980 / clock),
              itl_ms_p99: tpot * 1.2,
            },
    };
  }
}
