/**
 * Run records of a simulated sweep, computed in virtual time by the simulator's engine
 * (simulateOffline), labelled simulated: an input x output length grid with repeats whose energy
 * carries a seeded 2% run-to-run noise (the engine itself is deterministic).
 */
import { normal, rng } from '@/lib/runner/stats';
import { simulateOffline } from '@/lib/runner/sim/offline';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import { runRecordSchema, type RunRecord } from '@/lib/record/schema';

export const SWEEP_REQUESTS = 32;

export function simSweep(opts: {
  ins: number[];
  outs: number[];
  repeats: number;
  seed: number;
  gpu?: string;
  clock?: number;
}): RunRecord[] {
  const r = rng(opts.seed);
  const out: RunRecord[] = [];
  for (const inputLen of opts.ins)
    for (const outputLen of opts.outs) {
      const sim = simulateOffline({
        gpu: 'H100-SXM',
        model: 'llama-3.1-8b',
        maxNumSeqs: 16,
        requests: SWEEP_REQUESTS,
        inputLen,
        outputLen,
        knobs: opts.clock ? { smMaxMhz: opts.clock } : {},
      });
      for (let k = 0; k < opts.repeats; k++) {
        const noise = 1 + 0.02 * normal(r);
        const workload = {
          num_requests: SWEEP_REQUESTS,
          input_tokens_total: inputLen * SWEEP_REQUESTS,
          output_tokens_total: outputLen * SWEEP_REQUESTS,
        };
        const { metrics } = deriveMetrics({
          metrics: {
            duration_s: sim.durationS,
            completed: SWEEP_REQUESTS,
            energy_j: sim.energyJ * noise,
            tpot_ms_p99: sim.tpotMsMean,
            e2e_ms_mean: sim.ttftMsMean + sim.tpotMsMean * (outputLen - 1),
          },
          workload,
        });
        out.push(
          runRecordSchema.parse({
            schema_version: 1,
            source: { kind: 'api', format: 'joulebench-sim' },
            label: `sim in=${inputLen} out=${outputLen} #${k}`,
            created_at: '2026-01-01T00:00:00.000Z',
            model: { id: 'meta-llama/Llama-3.1-8B-Instruct' },
            hardware: { gpu_model: opts.gpu ?? 'H100-SXM', gpu_count: 1, simulated: true },
            engine: { name: 'vllm', version: 'sim' },
            knobs: {
              max_num_seqs: 16,
              tp: 1,
              input_len: inputLen,
              output_len: outputLen,
              ...(opts.clock ? { sm_clock_mhz: opts.clock } : {}),
            },
            workload,
            metrics,
            energy_provenance: { method: 'simulated', scope: 'gpu' },
          }),
        );
      }
    }
  return out;
}
