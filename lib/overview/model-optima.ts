/**
 * Headline: each model's energy-optimal configuration under a default SLO, in one study, and what
 * that SLO costs in energy against the same model's unconstrained optimum ("price of the SLO").
 * Per model AND GPU: a configuration is only comparable with others of the same model on the same
 * GPU (issue 13: a table ranking different models answers nobody's question).
 */
import type { DB } from '@/db/client';
import { median } from './clock-finding';

/** Default SLO of the overview: p99 inter-token latency (a stall a reader notices). */
export const OVERVIEW_SLO = { metric: 'itl_ms_p99', maxMs: 100 } as const;

export interface ModelOptimum {
  model: string;
  gpu: string;
  /** The lowest-energy run meeting the SLO (null when none does). */
  run: {
    id: number;
    label: string;
    gpuCount: number;
    tp: number | null;
    maxNumSeqs: number | null;
    smClockMhz: number | null;
    powerLimitW: number | null;
    energy: number;
    itlP99: number;
    throughput: number | null;
  } | null;
  /** Lowest energy per token of the model on that GPU, ignoring the SLO. */
  unconstrainedEnergy: number;
  runs: number;
}

export interface SloPrice {
  /** Median over model/GPU pairs that can meet the SLO: constrained / unconstrained energy - 1. */
  medianExtra: number;
  maxExtra: number;
  /** The model/GPU pair that pays the most. */
  maxPair: { model: string; gpu: string };
  pairs: number;
  infeasible: number;
}

type Best = [
  string,
  string,
  number,
  string,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number,
  number,
  number | null,
];

// SQLite's bare columns: with MIN(), the other columns come from the row holding the minimum.
const BEST = `SELECT model_id, gpu_model, id, label, gpu_count, tp, max_num_seqs, sm_clock_mhz, power_limit_w,
  MIN(energy_per_output_token_j), itl_ms_p99, output_throughput_tps
  FROM runs WHERE study_id = ? AND energy_per_output_token_j > 0 AND itl_ms_p99 <= ?
  GROUP BY model_id, gpu_model`;
const ALL = `SELECT model_id, gpu_model, MIN(energy_per_output_token_j), COUNT(*)
  FROM runs WHERE study_id = ? AND energy_per_output_token_j > 0 AND itl_ms_p99 IS NOT NULL
  GROUP BY model_id, gpu_model ORDER BY model_id, gpu_model`;

export function modelOptima(db: DB, studyId: number, maxItlMs: number = OVERVIEW_SLO.maxMs): ModelOptimum[] {
  const best = new Map<string, Best>();
  for (const r of db.$client.prepare(BEST).raw(true).all(studyId, maxItlMs) as Best[])
    best.set(JSON.stringify([r[0], r[1]]), r);
  const all = db.$client.prepare(ALL).raw(true).all(studyId) as [string, string, number, number][];
  return all.map(([model, gpu, unconstrainedEnergy, runs]) => {
    const b = best.get(JSON.stringify([model, gpu]));
    const run = b
      ? {
          id: b[2],
          label: b[3],
          gpuCount: b[4],
          tp: b[5],
          maxNumSeqs: b[6],
          smClockMhz: b[7],
          powerLimitW: b[8],
          energy: b[9],
          itlP99: b[10],
          throughput: b[11],
        }
      : null;
    return { model, gpu, run, unconstrainedEnergy, runs };
  });
}

export function sloPrice(optima: ModelOptimum[]): SloPrice | null {
  const feasible = optima.filter((m) => m.run);
  if (!feasible.length) return null;
  const extra = feasible.map((m) => m.run!.energy / m.unconstrainedEnergy - 1);
  const worst = extra.indexOf(Math.max(...extra));
  return {
    medianExtra: median(extra),
    maxExtra: extra[worst],
    maxPair: { model: feasible[worst].model, gpu: feasible[worst].gpu },
    pairs: extra.length,
    infeasible: optima.length - extra.length,
  };
}
