/**
 * The study's measured runs as the planner reads them: one mean per configuration (SM clock,
 * power limit, TP, concurrency) and request mix (input/output length). Values are the runs'
 * catalogue metrics (request throughput, average power, latency percentiles), averaged over
 * repeats; nothing here is re-derived from raw samples.
 */
import { ValidationError } from '@/lib/errors';
import type { RunForConfig } from '@/lib/configs/types';
import { LATENCY_FAMILIES, type MetricKey } from '@/lib/metrics/keys';

export const PLAN_LATENCY_KEYS = LATENCY_FAMILIES.flatMap((f) =>
  (['mean', 'p50', 'p90', 'p95', 'p99'] as const).map((p) => `${f}_ms_${p}` as MetricKey),
);

/** A measured configuration at one concurrency and mix (means over its repeats). */
export type MeasuredPoint = {
  tp: number;
  gpuCount: number;
  smClockMhz: number;
  powerLimitW: number;
  concurrency: number;
  inLen: number;
  outLen: number;
  throughputRps: number;
  powerW: number;
  latencyMs: Record<string, number>;
  runs: number;
  /** A point fitted over the clock (./predicted.ts), not measured at this clock. */
  predicted?: boolean;
};

export const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A usable run with the knobs that place it on a curve. */
export type PlanRun = {
  run: RunForConfig;
  tp: number;
  gpuCount: number;
  clock: number;
  pl: number;
  conc: number;
  inLen: number;
  outLen: number;
};

/** The run's knobs, or null when it lacks one the planner needs (or throughput / power). */
export function planRun(r: RunForConfig): PlanRun | null {
  const clock = num(r.knobs.sm_clock_mhz);
  const pl = num(r.knobs.power_limit_w);
  const conc = num(r.knobs.max_concurrency) ?? num(r.knobs.max_num_seqs);
  const tp = num(r.knobs.tp) ?? r.gpuCount;
  if (clock === undefined || pl === undefined || conc === undefined || r.inLen === null || r.outLen === null)
    return null;
  if (!num(r.metrics.request_throughput_rps) || !num(r.metrics.avg_power_w)) return null;
  return { run: r, tp, gpuCount: r.gpuCount, clock, pl, conc, inLen: r.inLen, outLen: r.outLen };
}

const pointKey = (k: PlanRun) => [k.tp, k.gpuCount, k.clock, k.pl, k.conc, k.inLen, k.outLen].join('|');

/**
 * Groups runs of one model on one GPU into measured points. Runs without SM clock, power limit,
 * concurrency, token lengths, request throughput or average power cannot place a load on the
 * curve and are left out (counted in `skipped`).
 */
export function measuredPoints(runs: readonly RunForConfig[]): { points: MeasuredPoint[]; skipped: number } {
  const groups = new Map<string, { k: PlanRun; runs: RunForConfig[] }>();
  let skipped = 0;
  for (const r of runs) {
    const k = planRun(r);
    if (!k) {
      skipped++;
      continue;
    }
    const g = groups.get(pointKey(k)) ?? { k, runs: [] };
    g.runs.push(r);
    groups.set(pointKey(k), g);
  }
  const points: MeasuredPoint[] = [];
  for (const { k, runs: rs } of groups.values()) {
    const mean = (f: (r: RunForConfig) => number | undefined) => {
      const v = rs.map(f).filter((x): x is number => x !== undefined);
      return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
    };
    const latencyMs: Record<string, number> = Object.create(null);
    for (const key of PLAN_LATENCY_KEYS) {
      const v = mean((r) => num(r.metrics[key]));
      if (v !== undefined) latencyMs[key] = v;
    }
    points.push({
      tp: k.tp,
      gpuCount: k.gpuCount,
      smClockMhz: k.clock,
      powerLimitW: k.pl,
      concurrency: k.conc,
      inLen: k.inLen,
      outLen: k.outLen,
      throughputRps: mean((r) => num(r.metrics.request_throughput_rps))!,
      powerW: mean((r) => num(r.metrics.avg_power_w))!,
      latencyMs,
      runs: rs.length,
    });
  }
  if (!points.length)
    throw new ValidationError(
      'the study has no runs the planner can use: it needs runs with sm_clock_mhz, power_limit_w, max_num_seqs (or max_concurrency), input/output lengths, request throughput and average power',
    );
  return { points, skipped };
}
