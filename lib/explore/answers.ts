/**
 * Per-model answers and data availability for the explorer (kept apart from compute.ts, which
 * calls exploreAnswers once):
 *  - availability: how many runs of the current selection have each metric and knob, so pickers
 *    only offer what the study has and "+ SLO" shows counts;
 *  - sloStats: per SLO bound, runs that have the metric and runs that meet it, so a message can
 *    say "missing metric" rather than "fails the bound";
 *  - perModel: each (model, GPU)'s energy-optimal configuration under the SLOs and its savings
 *    against that model's own baseline on the same GPU (never against another model);
 *  - modelFrontiers: the Pareto frontier of each model separately (lines in the chart).
 * Everything is computed over the explorer's in-memory column reads (db/queries/explore.ts), so
 * filters mean what they mean in the chart; column names come from the fixed catalogue lists.
 */
import type { DB } from '@/db/client';
import {
  columnCounts,
  readColumns,
  runSummaries,
  type ColumnRead,
  type NumericColumn,
  type RunSummary,
} from '@/db/queries/explore';
import { versionedCache } from '@/db/queries/data-version';
import { explorerRunFilters, groupColumnCounts, isGroupFilter } from '@/db/queries/runs';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { paretoFrontier } from '@/lib/pareto/frontier';
import { feasibleMask, savings, type SloBound } from '@/lib/slo';
import { EXPLORE_KNOBS } from './knobs';
import type { PerModelConfig } from './config-answers';
import type { ViewState } from './state';

type Filters = ViewState & { study: number | 'all' };

export interface PerModelRow {
  model: string;
  gpu: string;
  runs: number;
  feasible: number;
  recommended: RunSummary | null;
  baseline: RunSummary | null;
  /** How the baseline was chosen, in words. */
  baselineText: string;
  /** Fraction of the objective saved vs the baseline (negative = costs more); null when unknown. */
  saving: number | null;
  /** Why there is no recommendation, when there is none. */
  reason: string | null;
  /** agg=configs: the recommended configuration with its confidence (lib/explore/config-answers.ts). */
  config?: PerModelConfig | null;
}

export interface ExploreAnswers {
  availability: Record<string, number>;
  sloStats: { metric: MetricKey; present: number; meeting: number }[];
  perModel: PerModelRow[];
  perModelTruncated: number;
  modelFrontiers: { model: string; points: [number, number][] }[];
}

/** Above this many runs the per-model frontier lines are skipped. */
const MODEL_FRONTIER_MAX_RUNS = 200_000;
const MAX_GROUPS = 60;

/**
 * 1 where a row is plottable on the current axes and meets every SLO bound. A NaN (missing value)
 * fails a bound as NULL does in SQL; log axes need positive values. Computed once per view for
 * the per-model answers and lines, one column at a time: this runs over every run of a study.
 */
function drawableAndFeasible(read: ColumnRead, st: ViewState, bounds: SloBound[]): Uint8Array {
  const X = read.cols.get(st.x)!;
  const Y = read.cols.get(st.y)!;
  const n = read.n;
  const ok = new Uint8Array(n);
  const minX = st.logX ? Number.MIN_VALUE : -Infinity;
  const minY = st.logY ? Number.MIN_VALUE : -Infinity;
  // NaN fails every comparison, so `>=` also drops missing values.
  for (let i = 0; i < n; i++) if (X[i] >= minX && Y[i] >= minY) ok[i] = 1;
  return feasibleMask(n, bounds, (m) => read.cols.get(m)!, ok);
}

/**
 * How many runs of the selection have each metric and knob (pickers offer only what exists). It
 * depends on the filters alone (not on axes or SLOs), so it is counted once per filter and data
 * version rather than once per view.
 */
const availabilityCache = versionedCache<Record<string, number>>('availability', 64);
function availabilityOf(db: DB, f: Filters): Record<string, number> {
  const key = JSON.stringify([f.study, f.model, f.gpu, f.engine, f.sim, f.knobs]);
  return availabilityCache.get(db, key, () => countAvailable(db, f), f.study);
}

/**
 * Without knob ranges the counts come from run_groups (maintained on insert and delete): no read
 * of every metric column, which would also keep all 44 of them in memory and re-read them for
 * every run an import appends. Knob ranges need the runs themselves.
 */
function countAvailable(db: DB, f: Filters): Record<string, number> {
  const rf = explorerRunFilters(f);
  return isGroupFilter(rf) ? groupColumnCounts(db, rf) : columnCounts(db, f, [...METRIC_KEYS, ...EXPLORE_KNOBS]);
}

function sloStatsOf(read: ColumnRead, bounds: SloBound[]): ExploreAnswers['sloStats'] {
  return bounds.map((b) => {
    const arr = read.cols.get(b.metric)!;
    let present = 0;
    let meeting = 0;
    for (let i = 0; i < arr.length; i++) {
      if (Number.isNaN(arr[i])) continue;
      present++;
      if (b.kind === 'max' ? arr[i] <= b.bound : arr[i] >= b.bound) meeting++;
    }
    return { metric: b.metric, present, meeting };
  });
}

interface Group {
  model: string;
  gpu: string;
  runs: number;
  feasible: number;
  best: number;
  bestId: number;
  base: number;
  baseId: number;
}

/** Runs per (model, GPU) with the best feasible objective and the baseline run of each group. */
function groupRuns(
  read: ColumnRead,
  gpuOf: ColumnRead,
  ok: Uint8Array,
  objKey: MetricKey,
  baseCol: NumericColumn,
): Group[] {
  const lower = (METRIC_BY_KEY.get(objKey)?.direction ?? 'lower') === 'lower';
  const obj = read.cols.get(objKey)!;
  const baseArr = read.cols.get(baseCol)!;
  const modelCodes = read.catCodes!;
  const gpuCodes = gpuOf.catCodes!;
  // A group's slot by its two category codes: a table lookup per run, no Map or string.
  const nGpu = gpuOf.categories.length;
  const slot = new Int32Array(read.categories.length * nGpu).fill(-1);
  const groups: Group[] = [];
  for (let i = 0; i < read.n; i++) {
    const key = modelCodes[i] * nGpu + gpuCodes[i];
    let s = slot[key];
    if (s < 0) {
      s = slot[key] = groups.length;
      const model = read.categories[modelCodes[i]];
      const gpu = gpuOf.categories[gpuCodes[i]];
      groups.push({ model, gpu, runs: 0, feasible: 0, best: NaN, bestId: -1, base: NaN, baseId: -1 });
    }
    const g = groups[s];
    g.runs++;
    const base = baseArr[i];
    if (!Number.isNaN(base) && !(base <= g.base)) {
      g.base = base;
      g.baseId = read.id[i];
    }
    const v = obj[i];
    if (Number.isNaN(v) || !ok[i]) continue;
    g.feasible++;
    if (Number.isNaN(g.best) || (lower ? v < g.best : v > g.best)) {
      g.best = v;
      g.bestId = read.id[i];
    }
  }
  return groups.sort(
    (a, b) =>
      b.runs - a.runs || (a.model < b.model ? -1 : a.model > b.model ? 1 : a.gpu < b.gpu ? -1 : a.gpu > b.gpu ? 1 : 0),
  );
}

function perModelRows(
  db: DB,
  read: ColumnRead,
  gpuOf: ColumnRead,
  st: ViewState,
  objKey: MetricKey,
  bounds: SloBound[],
  ok: Uint8Array,
): { rows: PerModelRow[]; truncated: number } {
  const clock = st.baseline === 'max_clock';
  const all = groupRuns(read, gpuOf, ok, objKey, clock ? 'sm_clock_mhz' : 'output_throughput_tps');
  const groups = all.slice(0, MAX_GROUPS);
  const own = st.baseline.startsWith('run:') ? (runSummaries(db, [Number(st.baseline.slice(4))])[0] ?? null) : null;
  const ids = new Set<number>();
  for (const g of groups) for (const id of [g.bestId, g.baseId]) if (id >= 0) ids.add(id);
  const sum = new Map(runSummaries(db, [...ids]).map((s) => [s.id, s]));
  const baseWords = clock
    ? 'default clocks (highest SM clock) of the same model on the same GPU'
    : 'highest-throughput configuration of the same model on the same GPU';
  const rows = groups.map((g): PerModelRow => {
    const rec = sum.get(g.bestId) ?? null;
    const useOwn = own && own.model === g.model && own.gpu === g.gpu;
    const baseline = st.baseline === 'none' ? null : useOwn ? own : (sum.get(g.baseId) ?? null);
    const s = rec && baseline ? savings(objKey, baseline.metrics[objKey], rec.metrics[objKey]) : null;
    let reason: string | null = null;
    if (!rec)
      reason = bounds.length
        ? 'no run meets the SLOs'
        : `no run has ${METRIC_BY_KEY.get(objKey)?.label.toLowerCase()} and both axis metrics`;
    return {
      model: g.model,
      gpu: g.gpu,
      runs: g.runs,
      feasible: g.feasible,
      recommended: rec,
      baseline,
      baselineText: st.baseline === 'none' ? 'none' : useOwn ? `your configuration (run #${own.id})` : baseWords,
      saving: s ? s.fraction : null,
      reason,
    };
  });
  return { rows, truncated: Math.max(0, all.length - groups.length) };
}

/** Vertices of one model's frontier line sent to the browser (a chart is ~900 px wide). */
export const MODEL_LINE_MAX_POINTS = 160;

/**
 * A frontier line as drawn: at most MODEL_LINE_MAX_POINTS vertices (evenly spaced along the line,
 * both ends kept) with coordinates to 5 significant digits. These lines are drawing only (no
 * tooltip, no table reads them), and a study of 100k runs has frontiers of ~1,000 points per model:
 * sent whole they were 400 KB of every explorer page.
 */
export function lineForChart(points: [number, number][]): [number, number][] {
  const round = (v: number) => Number(v.toPrecision(5));
  const n = points.length;
  const keep =
    n <= MODEL_LINE_MAX_POINTS
      ? points
      : Array.from(
          { length: MODEL_LINE_MAX_POINTS },
          (_, k) => points[Math.round((k * (n - 1)) / (MODEL_LINE_MAX_POINTS - 1))],
        );
  return keep.map(([x, y]) => [round(x), round(y)]);
}

function modelFrontiers(read: ColumnRead, st: ViewState, ok: Uint8Array): ExploreAnswers['modelFrontiers'] {
  if (read.n > MODEL_FRONTIER_MAX_RUNS || read.n === 0) return [];
  const X = read.cols.get(st.x)!;
  const Y = read.cols.get(st.y)!;
  // Row indexes per model code (typed gathers below: no [x, y] pair allocated per run).
  const byCode: number[][] = read.categories.map(() => []);
  for (let i = 0; i < read.n; i++) if (ok[i]) byCode[read.catCodes![i]].push(i);
  const models = read.categories.map((model, c) => ({ model, rows: byCode[c] })).filter((m) => m.rows.length);
  if (models.length < 2) return [];
  const dx = METRIC_BY_KEY.get(st.x)!.direction;
  const dy = METRIC_BY_KEY.get(st.y)!.direction;
  return models
    .sort((a, b) => (a.model < b.model ? -1 : 1))
    .map(({ model, rows }) => {
      const xs = new Float64Array(rows.length);
      const ys = new Float64Array(rows.length);
      for (let k = 0; k < rows.length; k++) {
        xs[k] = X[rows[k]];
        ys[k] = Y[rows[k]];
      }
      const fr = paretoFrontier(xs, ys, dx, dy);
      return { model, points: lineForChart(fr.map((k): [number, number] => [xs[k], ys[k]])) };
    });
}

export function exploreAnswers(db: DB, f: Filters, objKey: MetricKey, bounds: SloBound[]): ExploreAnswers {
  // The columns the answers use, by model (availability counts every column in place, cached);
  // the GPU of each run in the same order.
  const clock = f.baseline === 'max_clock';
  const used: NumericColumn[] = [objKey, f.x, f.y, clock ? 'sm_clock_mhz' : 'output_throughput_tps'];
  const read = readColumns(db, f, [...used, ...bounds.map((b) => b.metric)], 'model');
  const gpuOf = readColumns(db, f, [], 'gpu');
  const ok = drawableAndFeasible(read, f, bounds);
  const { rows, truncated } = perModelRows(db, read, gpuOf, f, objKey, bounds, ok);
  return {
    availability: availabilityOf(db, f),
    sloStats: sloStatsOf(read, bounds),
    perModel: rows,
    perModelTruncated: truncated,
    modelFrontiers: modelFrontiers(read, f, ok),
  };
}
