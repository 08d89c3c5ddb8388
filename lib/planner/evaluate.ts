/**
 * One interval under one configuration: per-instance load (requests split evenly over the
 * instances), the instance's power and latency percentiles from its curve (./capacity.ts), the
 * interval's energy and SLO margin. Infeasible (null) when the instances cannot carry the load
 * within maxUtilisation or a predicted percentile breaks its limit or is missing (./slo.ts).
 */
import { instanceLoad, pointsUpTo } from './capacity';
import { sloMargin } from './slo';
import type { CheapKnobs, LoadInterval, OperatingCurve, PlannerOptions, Prediction } from './types';

export type CostlyState = { tp: number; mns: number; n: number };
export type Choice = { curve: OperatingCurve; state: CostlyState; prediction: Prediction };

export function evaluate(
  curve: OperatingCurve,
  state: CostlyState,
  iv: LoadInterval,
  seconds: number,
  opts: PlannerOptions,
): Prediction | null {
  if (curve.knobs.tp !== state.tp) return null;
  const points = pointsUpTo(curve, state.mns);
  if (!points.length || points[points.length - 1].concurrency !== state.mns) return null;
  const load = instanceLoad(points, iv.rateRps / state.n, opts.idleWPerGpu * curve.gpuCount, opts.maxUtilisation);
  if (!load) return null;
  // An empty interval has no latency to promise, except that a predicted clock must show it could
  // meet the SLOs: one whose latency curve was not usable (a key missing) is never admitted.
  const margin = iv.requests > 0 || curve.predicted ? sloMargin(opts.slo, load.latencyMs) : Infinity;
  if (margin < 0) return null;
  const avgPowerW = load.powerW * state.n;
  return {
    energyJ: avgPowerW * seconds,
    avgPowerW,
    utilisation: load.utilisation,
    latencyMs: load.latencyMs,
    sloMargin: Number.isFinite(margin) ? margin : 1,
    switchEnergyJ: 0,
  };
}

/** The lowest-energy cheap knobs (SM clock, power limit) for a costly state; null if none is feasible. */
export function bestCheap(
  curves: readonly OperatingCurve[],
  state: CostlyState,
  iv: LoadInterval,
  seconds: number,
  opts: PlannerOptions,
  allow: (k: CheapKnobs) => boolean = () => true,
): Choice | null {
  let best: Choice | null = null;
  for (const curve of curves) {
    if (!allow(curve.knobs)) continue;
    const p = evaluate(curve, state, iv, seconds, opts);
    if (p && (!best || p.energyJ < best.prediction.energyJ)) best = { curve, state, prediction: p };
  }
  return best;
}
