import { runRecordSchema, type RunRecord } from '@/lib/record/schema';

/** A valid run record with overrides (deterministic, for tests). */
export function makeRecord(
  over: Partial<RunRecord> & { metrics?: RunRecord['metrics']; knobs?: RunRecord['knobs'] } = {},
): RunRecord {
  return runRecordSchema.parse({
    schema_version: 1,
    source: { kind: 'api' },
    label: 'test run',
    created_at: '2026-01-01T00:00:00.000Z',
    model: { id: 'meta-llama/Llama-3.1-8B-Instruct', params_b: 8 },
    hardware: { gpu_model: 'H100', gpu_count: 1, simulated: false },
    engine: { name: 'vllm', version: '0.11.0' },
    knobs: { sm_clock_mhz: 1980, max_num_seqs: 64, tp: 1 },
    workload: { num_requests: 100, input_tokens_total: 100_000, output_tokens_total: 20_000 },
    metrics: { duration_s: 10, completed: 100, energy_j: 5000, ttft_ms_p99: 120, tpot_ms_p99: 30 },
    ...over,
  });
}
