/**
 * SLOs, the energy-optimal feasible configuration, savings against a baseline, and the
 * "price of the SLO" curve. Pure functions over column arrays (NaN = missing), so the same code
 * serves the API, reports and tests.
 *
 * Rules:
 *  - An SLO on a lower-is-better metric is a maximum (p99 TPOT <= 100 ms); on a higher-is-better
 *    metric a minimum (output throughput >= 1000 tok/s). The catalogue gives the direction.
 *  - A run missing a constrained metric is infeasible: we cannot claim it meets the SLO.
 */
import { METRIC_BY_KEY, type Direction } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { paretoFrontierRows } from '@/lib/pareto/frontier';

export type SloSpec = Partial<Record<MetricKey, number>>;

export interface SloBound {
  metric: MetricKey;
  bound: number;
  kind: 'max' | 'min';
}

export function sloBounds(slo: SloSpec): SloBound[] {
  return (Object.entries(slo) as [MetricKey, number][])
    .filter(([, v]) => v !== undefined && Number.isFinite(v))
    .map(([metric, bound]) => ({
      metric,
      bound,
      kind: METRIC_BY_KEY.get(metric)?.direction === 'higher' ? 'min' : 'max',
    }));
}

export function meets(v: number, b: SloBound): boolean {
  if (Number.isNaN(v)) return false;
  return b.kind === 'max' ? v <= b.bound : v >= b.bound;
}

/**
 * Feasibility mask: 1 where every bound holds (columns indexed by metric). One loop per bound and
 * kind, with no call per value: this runs over every run of a whole-study view. `within`, when
 * given, is the mask to start from (rows already ruled out stay 0); it is written in place.
 */
export function feasibleMask(
  n: number,
  bounds: SloBound[],
  col: (m: MetricKey) => ArrayLike<number>,
  within?: Uint8Array,
): Uint8Array {
  const mask = within ?? new Uint8Array(n).fill(1);
  for (const b of bounds) {
    const c = col(b.metric);
    const bound = b.bound;
    // NaN (missing) fails both comparisons: the run cannot be said to meet the SLO.
    if (b.kind === 'max') {
      for (let i = 0; i < n; i++) if (mask[i] && !(c[i] <= bound)) mask[i] = 0;
    } else {
      for (let i = 0; i < n; i++) if (mask[i] && !(c[i] >= bound)) mask[i] = 0;
    }
  }
  return mask;
}

/** Sign that turns a metric into "lower is better". */
export const sgn = (d: Direction) => (d === 'lower' ? 1 : -1);

/**
 * Index of the best feasible run on `obj` (direction-aware) among `idx`; ties go to the better
 * `tie` value (the other axis, so the pick lies on the frontier), then the lower id.
 */
export function recommend(
  idx: ArrayLike<number>,
  obj: ArrayLike<number>,
  objDir: Direction,
  tie: ArrayLike<number>,
  tieDir: Direction,
  id: ArrayLike<number>,
): number {
  const so = sgn(objDir);
  const st = sgn(tieDir);
  let best = -1;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const v = obj[i];
    if (Number.isNaN(v)) continue;
    if (best < 0) {
      best = i;
      continue;
    }
    const d = so * v - so * obj[best];
    if (d < 0) best = i;
    else if (d === 0) {
      const t = st * (Number.isNaN(tie[i]) ? Infinity : tie[i]) - st * (Number.isNaN(tie[best]) ? Infinity : tie[best]);
      if (t < 0 || (t === 0 && id[i] < id[best])) best = i;
    }
  }
  return best;
}

export interface Savings {
  metric: MetricKey;
  /** Fraction saved relative to the baseline (0.23 = 23%); negative = the pick costs more. */
  fraction: number;
  baselineValue: number;
  recommendedValue: number;
}

export function savings(
  metric: MetricKey,
  baselineValue: number | undefined,
  recommendedValue: number | undefined,
): Savings | null {
  if (baselineValue === undefined || recommendedValue === undefined) return null;
  if (!Number.isFinite(baselineValue) || !Number.isFinite(recommendedValue) || baselineValue === 0) return null;
  const dir = METRIC_BY_KEY.get(metric)?.direction ?? 'lower';
  const fraction = (sgn(dir) * (baselineValue - recommendedValue)) / Math.abs(baselineValue);
  return { metric, fraction, baselineValue, recommendedValue };
}

export interface PricePoint {
  /** SLO threshold on the swept metric. */
  threshold: number;
  /** Best objective value achievable under that threshold (and all other SLOs). */
  best: number;
  runIndex: number;
}

/**
 * Price of the SLO: the best feasible objective as the SLO on `metric` tightens. This is the
 * Pareto frontier of (metric, objective) among runs meeting every *other* SLO, ordered from the
 * loosest threshold to the tightest: a step function, O(n log n).
 */
export function priceOfSlo(
  n: number,
  metric: MetricKey,
  metricCol: Float64Array,
  obj: Float64Array,
  objDir: Direction,
  otherMask: Uint8Array,
): PricePoint[] {
  // Typed arrays and plain loops: this runs over every run of a whole-study view.
  const all = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (otherMask[i] && !Number.isNaN(metricCol[i]) && !Number.isNaN(obj[i])) all[m++] = i;
  const mDir = METRIC_BY_KEY.get(metric)?.direction ?? 'lower';
  const f = paretoFrontierRows(all.subarray(0, m), metricCol, obj, mDir, objDir);
  // Duplicates on the frontier add nothing to a curve: keep one per threshold.
  const out: PricePoint[] = [];
  for (const i of f) {
    const last = out[out.length - 1];
    if (last && last.threshold === metricCol[i]) continue;
    out.push({ threshold: metricCol[i], best: obj[i], runIndex: i });
  }
  return out;
}
