/**
 * makePlan: measured points + a workload's load per interval -> the schedule, its totals, the
 * static configurations it is compared with, the reasons and the assumptions. Pure.
 */
import { instanceLoad } from './capacity';
import { curvesFor } from './curves';
import { ValidationError } from '@/lib/errors';
import { PlanInfeasibleError } from './errors';

/** Bounded work per plan (the API answers in the request). */
export const MAX_PLAN_INTERVALS = 1000;
import type { MeasuredPoint } from './measured';
import type { Mix } from './mix';
import { describeReasons } from './reasons';
import { costlyStates, planSchedule, type IntervalInput, type ScheduleStep } from './schedule';
import { sloMargin } from './slo';
import { bestStaticOf, cheapOptions, maxClockKnobs } from './static';
import { atVolume, kwh, projections, savingsPct, type Money } from './totals';
import type { IntervalPlan, LoadInterval, OperatingCurve, PlannerOptions, PlanResult, StaticPlan } from './types';
import { planAssumptions } from './assumptions';
import { predictionInfo, type PredictionSource } from './prediction-info';

export type PlanRequest = {
  points: readonly MeasuredPoint[];
  intervals: readonly LoadInterval[];
  durationS: number;
  workloadMix: Mix;
  options: PlannerOptions;
  money: Money;
  /** How the predicted points among `points` were made (./predicted.ts); absent: none asked for. */
  predictions?: PredictionSource;
};

function intervalInputs(req: PlanRequest): { inputs: IntervalInput[]; extrapolated: boolean } {
  const cache = new Map<string, { curves: OperatingCurve[]; extrapolated: boolean }>();
  let extrapolated = false;
  const inputs = req.intervals.map((iv) => {
    const mix =
      iv.requests > 0 && iv.meanIn > 0 && iv.meanOut > 0 ? { inLen: iv.meanIn, outLen: iv.meanOut } : req.workloadMix;
    const key = `${Math.round(mix.inLen)}|${Math.round(mix.outLen)}`;
    let set = cache.get(key);
    if (!set) {
      set = curvesFor(req.points, { inLen: Math.round(mix.inLen), outLen: Math.round(mix.outLen) });
      cache.set(key, set);
    }
    extrapolated ||= set.extrapolated && iv.requests > 0;
    const seconds = Math.max(1e-9, Math.min(req.options.intervalS, req.durationS - iv.startS));
    return { iv, seconds, curves: set.curves };
  });
  return { inputs, extrapolated };
}

/** Why interval t cannot be served: the closest any configuration comes, at the most instances. */
function infeasibleReason(input: IntervalInput, opts: PlannerOptions): string {
  const { iv, curves } = input;
  let best: { margin: number; lat: Record<string, number>; curve: OperatingCurve } | null = null;
  for (const curve of curves) {
    const pts = curve.points;
    const load = instanceLoad(
      pts,
      iv.rateRps / opts.maxInstances,
      opts.idleWPerGpu * curve.gpuCount,
      opts.maxUtilisation,
    );
    if (!load) continue;
    const margin = sloMargin(opts.slo, load.latencyMs);
    if (!best || margin > best.margin) best = { margin, lat: load.latencyMs, curve };
  }
  const slo = opts.slo.map((s) => `${s.key} <= ${s.limitMs} ms`).join(', ');
  const at = `${iv.rateRps.toFixed(2)} req/s (interval starting at ${Math.round(iv.startS)} s)`;
  if (!best)
    return `no configuration can carry ${at} with at most ${opts.maxInstances} instances at ${Math.round(opts.maxUtilisation * 100)}% of measured capacity; allow more instances`;
  const closest = opts.slo.map((s) => `${s.key} ${Math.round(best!.lat[s.key] ?? NaN)} ms`).join(', ');
  return `no configuration meets ${slo} at ${at}; the closest (${best.curve.knobs.sm_clock_mhz} MHz${best.curve.predicted ? ' predicted' : ''}, ${best.curve.knobs.power_limit_w} W, TP${best.curve.knobs.tp}, ${opts.maxInstances} instances) predicts ${closest}`;
}

function toIntervals(inputs: readonly IntervalInput[], steps: readonly ScheduleStep[]): IntervalPlan[] {
  return steps.map((s, t) => ({
    ...inputs[t].iv,
    config: {
      knobs: { ...s.curve.knobs, max_num_seqs: s.state.mns },
      instances: s.state.n,
      gpus: s.state.n * s.curve.gpuCount,
      predicted: s.curve.predicted,
    },
    predicted: { ...s.prediction, energyJ: s.prediction.energyJ + s.switchEnergyJ },
    reconfigured: s.reconfigured,
  }));
}

const predictionsUsed = (points: readonly MeasuredPoint[]) => points.some((p) => p.predicted);

const totalJ = (xs: readonly { predicted: { energyJ: number } }[]) => xs.reduce((a, x) => a + x.predicted.energyJ, 0);

export function makePlan(req: PlanRequest): PlanResult {
  const opts = req.options;
  if (!req.intervals.length) throw new PlanInfeasibleError('the workload has no intervals to plan');
  if (req.intervals.length > MAX_PLAN_INTERVALS)
    throw new ValidationError(
      `intervalS: ${req.intervals.length} intervals (more than ${MAX_PLAN_INTERVALS}): choose a longer interval or a slice of the trace`,
    );
  const { inputs, extrapolated } = intervalInputs(req);
  const allCurves = inputs.flatMap((i) => i.curves);
  const states = costlyStates(allCurves, opts.maxInstances);
  const r = planSchedule(inputs, states, opts);
  if (!('steps' in r)) {
    const t = r.infeasibleAt >= 0 ? r.infeasibleAt : 0;
    throw new PlanInfeasibleError(infeasibleReason(inputs[t], opts));
  }
  const cheap = cheapOptions(inputs);
  const bestStatic = bestStaticOf('best static', inputs, states, cheap, opts);
  const mk = maxClockKnobs(cheap);
  const maxClock = bestStaticOf('max clock, sized for peak', inputs, states, [mk], opts);
  if (!bestStatic || !maxClock) {
    const peak = inputs.reduce((bi, x, i) => (x.iv.rateRps > inputs[bi].iv.rateRps ? i : bi), 0);
    throw new PlanInfeasibleError(
      `no static configuration${bestStatic ? ' at the maximum clock' : ''} meets the SLOs in every interval: ${infeasibleReason(inputs[peak], opts)}`,
    );
  }
  const intervals = toIntervals(inputs, r.steps);
  const energyJ = totalJ(intervals);
  const baseline: StaticPlan = opts.baseline === 'best_static' ? bestStatic : maxClock;
  const requests = req.intervals.reduce((a, iv) => a + iv.requests, 0);
  const switchJ = intervals.reduce((a, iv) => a + iv.predicted.switchEnergyJ, 0);
  const predictedIntervals = intervals.filter((iv) => iv.config.predicted).length;
  const reasons = describeReasons(inputs, states, opts, maxClock, energyJ, mk, predictedIntervals);
  return {
    intervals,
    totals: {
      energyKwh: kwh(energyJ),
      baselineEnergyKwh: kwh(baseline.energyJ),
      bestStaticEnergyKwh: kwh(bestStatic.energyJ),
      maxClockStaticEnergyKwh: kwh(maxClock.energyJ),
      savingsPct: savingsPct(energyJ, baseline.energyJ),
      savingsVsBestStaticPct: savingsPct(energyJ, bestStatic.energyJ),
      savingsVsMaxClockPct: savingsPct(energyJ, maxClock.energyJ),
      switchEnergyKwh: kwh(switchJ),
      reconfigurations: intervals.filter((i) => i.reconfigured).length,
      durationS: req.durationS,
      requests,
      atTraceRate: projections(energyJ, req.durationS, req.money),
      atVolume: atVolume(energyJ, requests, req.money),
      baselineAtTraceRate: projections(baseline.energyJ, req.durationS, req.money),
    },
    baseline,
    bestStatic,
    maxClockStatic: maxClock,
    reasons,
    assumptions: planAssumptions(opts, predictionsUsed(req.points)),
    warnings: extrapolated
      ? [
          "The workload's input/output mix lies outside the study's measured mixes in some intervals: its per-request costs are extrapolated (docs/planner.md).",
        ]
      : [],
    predictions: predictionInfo(req.predictions, req.points, { inputs, intervals, energyJ, opts }),
  };
}
