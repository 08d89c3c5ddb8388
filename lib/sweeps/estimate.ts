/**
 * A rough duration estimate shown before a sweep starts. Deliberately simple and documented as
 * rough: per point, server start-up + the workload at a nominal TTFT/TPOT, scaled down by the
 * simulated time scale; points are assumed to run one after another (one GPU set).
 */
import { expandGrid } from './grid';
import type { SweepSpec } from './spec';
import { policyOfSpec } from '@/lib/sweeps/adaptive';

/** Nominal per-token figures for a mid-size model on a modern GPU (order of magnitude only). */
const TPOT_S = 0.04;
const PREFILL_S_PER_TOKEN = 0.0001;
const STARTUP_S = { sim: 1.5, endpoint: 0, vllm: 120, sglang: 120, custom: 120 } as const;
const SLURM_OVERHEAD_S = 2;
const HARNESS_OVERHEAD_S = 2.5;

export interface Estimate {
  points: number;
  perPointS: number[];
  totalS: number;
  assumptions: string;
}

export function estimateSweep(spec: SweepSpec): Estimate {
  const pts = expandGrid(spec.grid, policyOfSpec(spec)?.minRuns ?? spec.repetitions);
  const scale = spec.simulated ? spec.time_scale : 1;
  const perPointS = pts.map(({ knobs }) => {
    const w = spec.workload;
    const inLen = knobs.input_len ?? w.input_len;
    const outLen = knobs.output_len ?? w.output_len;
    const conc = knobs.max_concurrency ?? w.concurrency;
    const rate = knobs.request_rate ?? w.rate;
    const perReq = inLen * PREFILL_S_PER_TOKEN + outLen * TPOT_S;
    const load = conc ? Math.ceil(w.requests / conc) * perReq : w.requests / (rate ?? 1) + perReq;
    return (
      STARTUP_S[spec.server.kind] +
      HARNESS_OVERHEAD_S +
      load / scale +
      (spec.executor === 'slurm' ? SLURM_OVERHEAD_S : 0)
    );
  });
  return {
    points: pts.length,
    perPointS,
    totalS: perPointS.reduce((a, b) => a + b, 0),
    assumptions: `rough: ${TPOT_S * 1000} ms/output token, ${STARTUP_S[spec.server.kind]} s server start-up per point${
      spec.simulated ? `, simulated time scale ${scale}x` : ''
    }, points run one after another`,
  };
}

export function formatDuration(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
