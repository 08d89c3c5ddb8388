/**
 * Predicted operating points at unmeasured SM clocks. Runs that differ only in the clock (same
 * TP, GPU count, power limit, concurrency and request mix: a clock family) are fitted per run as
 * y = y0 + k*(f/f_ref)^g (lib/models/power-law.ts) for request throughput, average power and each
 * latency key, and evaluated at the clocks midway between measured ones: interpolation only.
 *
 * A family is used only when its throughput and power curves fit well (R^2 >= MIN_R2, the same
 * bar as the explorer's predicted layer). Throughput and power take the predicted value; latency
 * percentiles take the UPPER end of the 95% prediction interval, so an SLO is checked against
 * what a new run at that clock could plausibly show rather than its average. A latency key whose
 * curve is refused or poor is left out of the point, and the planner never admits a predicted
 * point on an SLO it cannot check (./evaluate.ts).
 */
import { fitPowerLaw, midpointClocks, MIN_R2, missNote, predictPowerLaw, type ClockMiss } from '@/lib/models';
import type { PowerLawFit } from '@/lib/models';
import type { RunForConfig } from '@/lib/configs/types';
import type { MetricKey } from '@/lib/metrics/keys';
import { num, planRun, PLAN_LATENCY_KEYS, type MeasuredPoint, type PlanRun } from './measured';

export type PredictedSet = {
  points: MeasuredPoint[];
  /** Clock families whose curves were used. */
  families: number;
  notes: string[];
};

type Fit = PowerLawFit | ClockMiss;
type FamilyCtx = { skip: ReadonlySet<number>; misses: Map<string, ClockMiss[]>; latencyKeys: readonly MetricKey[] };

const familyKey = (k: PlanRun) => [k.tp, k.gpuCount, k.pl, k.conc, k.inLen, k.outLen].join('|');
/** TP, GPU count and power limit: a clock measured anywhere here is never predicted here. */
const knobKey = (k: { tp: number; gpuCount: number; pl: number }) => `${k.tp}|${k.gpuCount}|${k.pl}`;

const METRIC_NAME: Record<string, string> = { request_throughput_rps: 'request throughput', avg_power_w: 'power' };

function fitMetric(fam: readonly PlanRun[], key: MetricKey): Fit {
  const pts = fam.flatMap((k) => {
    const y = num(k.run.metrics[key]);
    return y === undefined ? [] : [{ f: k.clock, y }];
  });
  const fit = fitPowerLaw(pts, { crossValidate: false });
  if (!fit.ok) return { reason: fit.reason };
  if (fit.r2 < MIN_R2) return { reason: `the ${METRIC_NAME[key] ?? key} curve over the clock fits poorly`, r2: fit.r2 };
  return fit;
}

/** Latency keys asked for that every run of the family has (a key some runs lack is not fitted). */
function latencyKeys(fam: readonly PlanRun[], keys: readonly MetricKey[]): MetricKey[] {
  return keys.filter((key) => fam.every((k) => num(k.run.metrics[key]) !== undefined));
}

/** A mean takes its predicted value; a percentile the upper end of its 95% prediction interval. */
function latencyAt(key: string, fit: PowerLawFit, f: number): number {
  const p = predictPowerLaw(fit, f);
  return key.endsWith('_mean') ? p.value : p.interval[1];
}

function familyPoints(fam: readonly PlanRun[], ctx: FamilyCtx) {
  const { skip, misses } = ctx;
  const miss = (m: ClockMiss) => misses.set(m.reason, [...(misses.get(m.reason) ?? []), m]);
  const tput = fitMetric(fam, 'request_throughput_rps');
  const power = 'ok' in tput ? fitMetric(fam, 'avg_power_w') : tput;
  if (!('ok' in tput) || !('ok' in power)) {
    miss('ok' in tput ? (power as ClockMiss) : tput);
    return [];
  }
  const latency = new Map<string, PowerLawFit>();
  for (const key of latencyKeys(fam, ctx.latencyKeys)) {
    const fit = fitMetric(fam, key);
    if ('ok' in fit) latency.set(key, fit);
    else miss({ reason: `${fit.reason}: predicted points there carry no ${key}`, r2: fit.r2 });
  }
  const k0 = fam[0];
  return midpointClocks(fam.map((k) => k.clock))
    .filter((f) => !skip.has(f))
    .map((f): MeasuredPoint => {
      const latencyMs: Record<string, number> = Object.create(null);
      for (const [key, fit] of latency) latencyMs[key] = latencyAt(key, fit, f);
      return {
        tp: k0.tp,
        gpuCount: k0.gpuCount,
        smClockMhz: f,
        powerLimitW: k0.pl,
        concurrency: k0.conc,
        inLen: k0.inLen,
        outLen: k0.outLen,
        throughputRps: predictPowerLaw(tput, f).value,
        powerW: predictPowerLaw(power, f).value,
        latencyMs,
        runs: fam.length,
        predicted: true,
      };
    });
}

/**
 * Predicted points of a model's runs on one GPU, at clocks no run of the same knobs measured.
 * latencyKeys: the latency keys to predict (default all the planner reads; fewer is faster).
 */
export function predictedPoints(
  runs: readonly RunForConfig[],
  latencyKeys: readonly MetricKey[] = PLAN_LATENCY_KEYS,
): PredictedSet {
  const usable = runs.flatMap((r) => planRun(r) ?? []);
  const measuredClocks = new Map<string, Set<number>>();
  const families = new Map<string, PlanRun[]>();
  for (const k of usable) {
    const clocks = measuredClocks.get(knobKey(k)) ?? new Set<number>();
    measuredClocks.set(knobKey(k), clocks.add(k.clock));
    const fam = families.get(familyKey(k));
    if (fam) fam.push(k);
    else families.set(familyKey(k), [k]);
  }
  const misses = new Map<string, ClockMiss[]>();
  const points: MeasuredPoint[] = [];
  let fitted = 0;
  for (const fam of families.values()) {
    if (new Set(fam.map((k) => k.clock)).size < 2) continue;
    const pts = familyPoints(fam, { skip: measuredClocks.get(knobKey(fam[0]))!, misses, latencyKeys });
    if (pts.length) fitted++;
    points.push(...pts);
  }
  const notes = [...misses].map(([reason, m]) => missNote(reason, m));
  if (!fitted && !misses.size) notes.push('no configuration was measured at several SM clocks');
  return { points, families: fitted, notes };
}
