/**
 * Demo data: on first start with an empty database (and JOULEBENCH_DEMO != '0') two studies are
 * loaded: one derived from the published ML.ENERGY leaderboard v3 measurements (lm-arena-chat
 * task), with attribution stored in the study and shown in the UI, and the simulated H100 clock
 * sweep (./demo-sim.ts), every run of which is labelled simulated.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '@/db/client';
import { createStudy, studyCount } from '@/db/queries/studies';
import { insertRuns } from '@/db/queries/runs';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import { runRecordSchema, type RunRecord } from '@/lib/record/schema';
import { env, repoRoot } from '@/lib/env';
import { SIM_DEMO_ATTRIBUTION, SIM_DEMO_DESCRIPTION, SIM_DEMO_STUDY_NAME, simDemoRecords } from './demo-sim';

interface DemoRow {
  model_id: string;
  nickname: string;
  total_params_b: number;
  active_params_b: number;
  precision: string;
  architecture: string;
  gpu_model: string;
  num_gpus: number;
  max_num_seqs: number;
  tp: number;
  dp: number;
  ep: number;
  energy_per_output_token_j: number;
  energy_per_request_j: number;
  avg_power_w: number;
  output_throughput_tps: number;
  itl_ms_p50: number;
  itl_ms_p90: number;
  itl_ms_p95: number;
  itl_ms_p99: number;
  avg_batch_size: number;
  avg_output_len: number;
}

export const DEMO_STUDY_NAME = 'Demo: ML.ENERGY v3 LLM chat (H100/B200)';

export function demoFile(): string {
  return path.join(repoRoot(), 'db', 'demo', 'ml-energy-v3-lm-arena-chat.json');
}

export function demoRecords(now = '2026-02-16T00:00:00.000Z'): {
  attribution: Record<string, string>;
  records: RunRecord[];
} {
  const file = JSON.parse(fs.readFileSync(demoFile(), 'utf8')) as {
    task: string;
    attribution: Record<string, string>;
    rows: DemoRow[];
  };
  const records = file.rows.map((r) => {
    const { metrics, derived } = deriveMetrics({
      metrics: {
        energy_per_output_token_j: r.energy_per_output_token_j,
        energy_per_request_j: r.energy_per_request_j,
        avg_power_w: r.avg_power_w,
        output_throughput_tps: r.output_throughput_tps,
        itl_ms_p50: r.itl_ms_p50,
        itl_ms_p90: r.itl_ms_p90,
        itl_ms_p95: r.itl_ms_p95,
        itl_ms_p99: r.itl_ms_p99,
      },
    });
    return runRecordSchema.parse({
      schema_version: 1,
      source: { kind: 'demo', format: 'ml-energy-v3', file_name: 'lm-arena-chat.json', attribution: file.attribution },
      label: `${r.nickname} · ${r.num_gpus}x${r.gpu_model} · max_num_seqs ${r.max_num_seqs}`,
      created_at: now,
      model: { id: r.model_id, params_b: r.total_params_b, active_params_b: r.active_params_b, precision: r.precision },
      hardware: { gpu_model: r.gpu_model, gpu_count: r.num_gpus, simulated: false },
      engine: { name: 'vllm' },
      knobs: { max_num_seqs: r.max_num_seqs, tp: r.tp, dp: r.dp, ep: r.ep },
      workload: { dataset: file.task, mean_output_len: r.avg_output_len },
      metrics,
      derived,
      energy_provenance: {
        method: 'reported',
        scope: 'gpu',
        source: 'ML.ENERGY leaderboard v3 (Zeus, NVML energy counter)',
        notes: 'steady-state window as published by ML.ENERGY',
      },
      extra: { nickname: r.nickname, architecture: r.architecture, avg_batch_size: r.avg_batch_size },
    });
  });
  return { attribution: file.attribution, records };
}

/**
 * Loads the demo studies when the database has no studies. Returns the first (ML.ENERGY) study's
 * id, the explorer's default study, or null.
 */
export function seedDemoIfEmpty(db: DB): number | null {
  if (!env('JOULEBENCH_DEMO') || studyCount(db) > 0) return null;
  const { attribution, records } = demoRecords();
  const simRecords = simDemoRecords({ validate: false });
  // IMMEDIATE: take the write lock before checking again, so the web server and the worker
  // starting together on an empty database seed it once (the second sees the first's study).
  return db.transaction(
    () => {
      if (studyCount(db) > 0) return null;
      const study = createStudy(db, {
        name: DEMO_STUDY_NAME,
        description:
          'Published ML.ENERGY leaderboard v3 measurements for the LM Arena chat task: many models and max_num_seqs settings on H100 and B200 GPUs (vLLM). Energy is the measured GPU energy per output token in the steady state.',
        attribution,
        isDemo: true,
      });
      insertRuns(db, study.id, records, { dedupe: false });
      const sim = createStudy(db, {
        name: SIM_DEMO_STUDY_NAME,
        description: SIM_DEMO_DESCRIPTION,
        attribution: SIM_DEMO_ATTRIBUTION,
        isDemo: true,
      });
      insertRuns(db, sim.id, simRecords, { dedupe: false });
      return study.id;
    },
    { behavior: 'immediate' },
  );
}
