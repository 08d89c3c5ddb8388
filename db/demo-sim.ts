/**
 * The second demo study: the simulated H100 clock sweep (SM clock x power cap x max_num_seqs x TP,
 * two input/output mixes, three repeats), read from the committed output of
 * scripts/gen-sim-demo.ts and turned into run records. Every run is labelled simulated
 * (hardware.simulated, energy_provenance.method 'simulated', "(simulated)" in the label).
 */
import { repoRoot } from '@/lib/env';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { runRecordSchema, type RunRecord } from '@/lib/record/schema';
import { decodeRow, SIM_DEMO_FILE, type SimDemoFile } from '@/lib/runner/sim/demo-file';
import { gpuSpec, modelSpec } from '@/lib/runner/sim/specs';

export const SIM_DEMO_STUDY_NAME = 'Demo: simulated H100 clock sweep (SM clock × power cap × max_num_seqs × TP)';
export const SIM_DEMO_DESCRIPTION =
  'SIMULATED, not measured: the simulated H100 (lib/runner/sim) swept over SM clock (990-1980 MHz), power cap, max_num_seqs and tensor parallelism for Llama-3.1-8B and 70B, two input/output mixes, three repeats each. It shows what the clock and power knobs do; calibration and limits in docs/runner.md.';
export const SIM_DEMO_ATTRIBUTION: Record<string, string> = {
  source: 'Simulated by Joulebench (lib/runner/sim), not measured on a GPU',
  generator: 'scripts/gen-sim-demo.ts',
  path: `db/demo/${SIM_DEMO_FILE}`,
};

export function simDemoFile(): string {
  return path.join(repoRoot(), 'db', 'demo', SIM_DEMO_FILE);
}

export function readSimDemoFile(file = simDemoFile()): SimDemoFile {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as SimDemoFile;
}

const LATENCY_KEYS = ['ttft', 'itl', 'tpot', 'e2e'].flatMap((f) =>
  ['mean', 'p50', 'p90', 'p95', 'p99'].map((p) => `${f}_ms_${p}`),
) as MetricKey[];

/**
 * The study's run records. validate=false skips the schema parse (a third of the seeding time at
 * server start): the file is committed, and tests/runner/sim-demo-study.test.ts parses every
 * record it yields.
 */
export function simDemoRecords(opts: { validate?: boolean; now?: string } = {}): RunRecord[] {
  const now = opts.now ?? '2026-02-16T00:00:00.000Z';
  const validate = opts.validate ?? true;
  const file = readSimDemoFile();
  const gpu = gpuSpec(file.gpu);
  return file.rows.map((row, i) => {
    const r = decodeRow(file, row, i);
    const modelId = file.models[r.model];
    const mix = file.mixes[r.mix];
    if (!modelId || !mix) throw new Error(`${SIM_DEMO_FILE}: row ${i}: unknown model or mix index`);
    const spec = modelSpec(modelId);
    const workload = { input_tokens_total: r.input_tokens_total, output_tokens_total: r.output_tokens_total };
    const given: Partial<Record<MetricKey, number>> = {
      duration_s: r.duration_s,
      completed: r.completed,
      failed: 0,
      energy_j: r.energy_j,
      peak_power_w: r.peak_power_w,
    };
    for (const k of LATENCY_KEYS) given[k] = r[k as keyof typeof r];
    const { metrics, derived } = deriveMetrics({ metrics: given, workload });
    const short = modelId
      .split('/')
      .pop()!
      .replace(/-Instruct$/, '');
    const record: RunRecord = {
      schema_version: 1,
      source: { kind: 'demo', format: 'joulebench-sim', file_name: SIM_DEMO_FILE, attribution: SIM_DEMO_ATTRIBUTION },
      label: `${short} TP${r.tp} · ${r.sm_clock_mhz} MHz · ${r.power_limit_w} W cap · max_num_seqs ${r.max_num_seqs} · ${mix.name} · repeat ${r.repeat} (simulated)`,
      created_at: now,
      model: { id: modelId, params_b: spec.paramsB, precision: 'bfloat16' },
      hardware: { gpu_model: gpu.name, gpu_count: r.tp, gpu_memory_gb: gpu.memGb, simulated: true },
      engine: { name: 'joulebench-sim', version: '1' },
      knobs: {
        sm_clock_mhz: r.sm_clock_mhz,
        power_limit_w: r.power_limit_w,
        tp: r.tp,
        max_num_seqs: r.max_num_seqs,
        max_concurrency: r.max_num_seqs,
        input_len: mix.inputLen,
        output_len: mix.outputLen,
      },
      workload: {
        dataset: `synthetic ${mix.name}: input ${mix.inputLen} / output ${mix.outputLen} tokens (each 0.5x-1.5x)`,
        num_requests: Math.max(64, 4 * r.max_num_seqs),
        ...workload,
      },
      metrics,
      derived,
      energy_provenance: {
        method: 'simulated',
        scope: 'gpu',
        source: 'Joulebench simulated device (lib/runner/sim), virtual time',
        notes: 'steady-state window (after the first wave, before the drain); all GPUs of the TP group',
      },
      stability: { stable: true },
      extra: {
        simulated: true,
        repeat: r.repeat,
        mix: mix.name,
        mean_sm_clock_mhz: r.mean_sm_clock_mhz,
        throttled_share: r.throttled_share,
      },
    };
    return validate ? runRecordSchema.parse(record) : record;
  });
}
