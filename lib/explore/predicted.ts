/**
 * Predicted points for the explorer (pred=1): per clock family (configurations that differ only in
 * SM clock, lib/explore/configs-view.ts), each plotted metric is fitted as a smooth function of
 * the clock, y = y0 + k*(f/f_ref)^g (lib/models/power-law.ts), and evaluated at the clocks midway
 * between measured ones: interpolation only, never beyond the measured range. Every predicted
 * value carries its 95% prediction interval. A family whose fits are refused or poor (R^2 below
 * MIN_R2) gives no points, and the notes say why.
 *
 * Predictions are kept apart from the measured data: their own marks and their own (dashed)
 * frontier, which is the frontier of the measured frontier plus the feasible predictions, so it
 * shows where an unmeasured clock would extend the measured one. The measured frontier and the
 * recommendation never include them.
 */
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import {
  fitPowerLaw,
  midpointClocks,
  MIN_R2,
  missNote,
  predictPowerLaw,
  type ClockMiss as Miss,
  type PowerLawFit,
} from '@/lib/models';
import { paretoFrontier } from '@/lib/pareto/frontier';
import type { SloBound } from '@/lib/slo';
import type { AggregatedRead, ConfigInfo } from './configs-view';
import type { ExploreKnob } from './knobs';

const MAX_FAMILIES = 40;
const MAX_POINTS = 400;

export interface PredictedPoint {
  x: number;
  y: number;
  /** 95% prediction intervals for one new run at this clock. */
  xi: [number, number];
  yi: [number, number];
  clock: number;
  model: string;
  gpu: string;
  engine: string;
  simulated: boolean;
  knobs: Partial<Record<ExploreKnob, number>>;
  c: number | null;
  h?: number | null;
  /** Meets the SLOs on the predicted values (null: an SLO is on a metric that is not predicted). */
  f: boolean | null;
  /** Fit quality of the two curves (R^2 on x, on y) and the runs they were fitted on. */
  r2: [number, number];
  n: number;
}

export interface PredictedLayer {
  points: PredictedPoint[];
  /** Frontier of the measured frontier plus feasible predictions: [x, y, 1 = predicted]. */
  frontier: [number, number, 0 | 1][];
  /** Clock families fitted, and why others gave no predictions. */
  families: number;
  notes: string[];
}

interface Ctx {
  agg: AggregatedRead;
  x: MetricKey;
  y: MetricKey;
  bounds: SloBound[];
  /** Colour and shape codes of a run row (the family's first run stands for it). */
  colorOf: (row: number, clock: number) => number | null;
  shapeOf: ((row: number) => number | null) | null;
}

function curve(agg: AggregatedRead, rows: number[], m: MetricKey): PowerLawFit | Miss {
  const clock = agg.runs.cols.get('sm_clock_mhz')!;
  const v = agg.runs.cols.get(m)!;
  const pts = rows.flatMap((i) => (Number.isNaN(clock[i]) || Number.isNaN(v[i]) ? [] : [{ f: clock[i], y: v[i] }]));
  const fit = fitPowerLaw(pts);
  if (!fit.ok) return { reason: fit.reason };
  if (fit.r2 < MIN_R2)
    return { reason: `the ${METRIC_BY_KEY.get(m)?.short ?? m} curve over the clock fits poorly`, r2: fit.r2 };
  return fit;
}

function familyPoints(ctx: Ctx, fam: ConfigInfo[], misses: Map<string, Miss[]>): PredictedPoint[] {
  const rows = fam.flatMap((c) => c.rows);
  const fx = curve(ctx.agg, rows, ctx.x);
  const fy = 'ok' in fx ? curve(ctx.agg, rows, ctx.y) : fx;
  if (!('ok' in fx) || !('ok' in fy)) {
    const miss = 'ok' in fx ? (fy as Miss) : fx;
    misses.set(miss.reason, [...(misses.get(miss.reason) ?? []), miss]);
    return [];
  }
  const first = fam[0];
  const predictedMetrics = new Set([ctx.x, ctx.y]);
  const checkable = ctx.bounds.every((b) => predictedMetrics.has(b.metric));
  const clocks = ctx.agg.runs.cols.get('sm_clock_mhz')!;
  return midpointClocks(rows.map((i) => clocks[i])).map((clock) => {
    const px = predictPowerLaw(fx, clock);
    const py = predictPowerLaw(fy, clock);
    const val = (m: MetricKey) => (m === ctx.x ? px.value : py.value);
    const f = checkable
      ? ctx.bounds.every((b) => (b.kind === 'max' ? val(b.metric) <= b.bound : val(b.metric) >= b.bound))
      : null;
    return {
      x: px.value,
      y: py.value,
      xi: px.interval,
      yi: py.interval,
      clock,
      model: first.model,
      gpu: first.gpu,
      engine: first.engine,
      simulated: first.simulated,
      knobs: { ...first.knobs, sm_clock_mhz: clock },
      c: ctx.colorOf(first.rows[0], clock),
      ...(ctx.shapeOf ? { h: ctx.shapeOf(first.rows[0]) } : {}),
      f,
      r2: [fx.r2, fy.r2],
      n: rows.length,
    };
  });
}

/** Predictions at unmeasured clocks, and the predicted frontier next to the measured one. */
export function predictedLayer(
  ctx: Ctx,
  measuredFrontier: [number, number][],
  log: { x: boolean; y: boolean },
): PredictedLayer {
  const notes = new Set<string>();
  if (!ctx.agg.runs.cols.has('sm_clock_mhz'))
    return { points: [], frontier: [], families: 0, notes: ['no run records an SM clock'] };
  const byFamily = new Map<string, ConfigInfo[]>();
  for (const c of ctx.agg.configs) {
    if (c.knobs.sm_clock_mhz === undefined) continue;
    const f = byFamily.get(c.clockFamily);
    if (f) f.push(c);
    else byFamily.set(c.clockFamily, [c]);
  }
  const fams = [...byFamily.values()].filter((f) => f.length >= 2).sort((a, b) => b.length - a.length);
  if (!fams.length) notes.add('no configuration was measured at several SM clocks');
  if (fams.length > MAX_FAMILIES) notes.add(`only the ${MAX_FAMILIES} largest clock families are predicted`);
  let points: PredictedPoint[] = [];
  let fitted = 0;
  const misses = new Map<string, Miss[]>();
  for (const fam of fams.slice(0, MAX_FAMILIES)) {
    const pts = familyPoints(ctx, fam, misses);
    if (pts.length) fitted++;
    points.push(...pts);
  }
  for (const [reason, m] of misses) notes.add(missNote(reason, m));
  points = points.filter((p) => (!log.x || p.x > 0) && (!log.y || p.y > 0)).slice(0, MAX_POINTS);
  if (points.some((p) => p.f === null))
    notes.add(
      'an SLO is on a metric that is not predicted: predictions are not checked against it and stay off the predicted frontier',
    );
  const cand: [number, number, 0 | 1][] = [
    ...measuredFrontier.map(([x, y]) => [x, y, 0] as [number, number, 0]),
    ...points.filter((p) => p.f === true).map((p) => [p.x, p.y, 1] as [number, number, 1]),
  ];
  const dx = METRIC_BY_KEY.get(ctx.x)!.direction;
  const dy = METRIC_BY_KEY.get(ctx.y)!.direction;
  const fr = paretoFrontier(
    Float64Array.from(cand, (p) => p[0]),
    Float64Array.from(cand, (p) => p[1]),
    dx,
    dy,
  ).map((k) => cand[k]);
  return { points, frontier: fr.some((p) => p[2] === 1) ? fr : [], families: fitted, notes: [...notes] };
}
