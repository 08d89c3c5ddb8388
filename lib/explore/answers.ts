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
 * All SQL uses the explorer's WHERE builder; column names come from the fixed catalogue lists.
 */
import type { DB } from '@/db/client';
import { exploreWhere, prepared, runSummaries, type RunSummary } from '@/db/queries/frontier';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { paretoFrontier } from '@/lib/pareto/frontier';
import { savings, type SloBound } from '@/lib/slo';
import { EXPLORE_KNOBS } from './knobs';
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
}

export interface ExploreAnswers {
  availability: Record<string, number>;
  sloStats: { metric: MetricKey; present: number; meeting: number }[];
  perModel: PerModelRow[];
  perModelTruncated: number;
  modelFrontiers: { model: string; points: [number, number][] }[];
}

const q = (c: string) => `"${c}"`;
/** Above this many runs the per-model frontier lines are skipped (one extra column read). */
const MODEL_FRONTIER_MAX_RUNS = 200_000;
const MAX_GROUPS = 60;

function boundSql(bounds: SloBound[]): { sql: string; params: number[] } {
  if (!bounds.length) return { sql: '1', params: [] };
  return {
    sql: bounds.map((b) => `${q(b.metric)} ${b.kind === 'max' ? '<=' : '>='} ?`).join(' AND '),
    params: bounds.map((b) => b.bound),
  };
}

/** Availability cache per connection: keyed by the WHERE text + params and the data version. */
const availCache = new WeakMap<object, Map<string, Record<string, number>>>();

function dataVersion(db: DB): string {
  const v = db.$client.pragma('data_version', { simple: true });
  const c = (db.$client.prepare('SELECT total_changes()').raw(true).get() as [number])[0];
  return `${v}:${c}`;
}

export function metricAvailability(db: DB, f: Filters): Record<string, number> {
  const { sql, params } = exploreWhere(f);
  const key = `${sql}|${JSON.stringify(params)}|${dataVersion(db)}`;
  let m = availCache.get(db.$client);
  if (!m) availCache.set(db.$client, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit;
  const cols = [...METRIC_KEYS, ...EXPLORE_KNOBS];
  const row = prepared(db, `SELECT COUNT(*), ${cols.map((c) => `COUNT(${q(c)})`).join(', ')} FROM runs ${sql}`).raw(true).get(...params) as number[];
  // A plain object (it is sent to client components); its keys are the fixed catalogue columns.
  const out: Record<string, number> = {};
  out.__total = row[0];
  cols.forEach((c, i) => (out[c] = row[i + 1]));
  if (m.size > 50) m.clear();
  m.set(key, out);
  return out;
}

function sloStatsOf(db: DB, f: Filters, bounds: SloBound[]): ExploreAnswers['sloStats'] {
  if (!bounds.length) return [];
  const { sql, params } = exploreWhere(f);
  const parts = bounds.map((b) => `COUNT(${q(b.metric)}), SUM(CASE WHEN ${q(b.metric)} ${b.kind === 'max' ? '<=' : '>='} ? THEN 1 ELSE 0 END)`);
  const row = prepared(db, `SELECT ${parts.join(', ')} FROM runs ${sql}`)
    .raw(true)
    .get(...bounds.map((b) => b.bound), ...params) as (number | null)[];
  return bounds.map((b, i) => ({ metric: b.metric, present: row[2 * i] ?? 0, meeting: row[2 * i + 1] ?? 0 }));
}

function plottableSql(st: ViewState): string[] {
  const c = [`${q(st.x)} IS NOT NULL`, `${q(st.y)} IS NOT NULL`];
  if (st.logX) c.push(`${q(st.x)} > 0`);
  if (st.logY) c.push(`${q(st.y)} > 0`);
  return c;
}

function perModelRows(db: DB, f: Filters, st: ViewState, objKey: MetricKey, bounds: SloBound[]): { rows: PerModelRow[]; truncated: number } {
  const objDir = METRIC_BY_KEY.get(objKey)?.direction ?? 'lower';
  const b = boundSql(bounds);
  const base = exploreWhere(f);
  const counts = prepared(
    db,
    `SELECT model_id, gpu_model, COUNT(*), SUM(CASE WHEN ${b.sql} AND ${plottableSql(st).join(' AND ')} AND ${q(objKey)} IS NOT NULL THEN 1 ELSE 0 END)
     FROM runs ${base.sql} GROUP BY model_id, gpu_model ORDER BY COUNT(*) DESC, model_id, gpu_model`,
  )
    .raw(true)
    .all(...b.params, ...base.params) as [string, string, number, number][];
  const groups = counts.slice(0, MAX_GROUPS);
  // Best objective per group among feasible, plottable runs (SQLite returns the row of the MIN/MAX).
  const feas = exploreWhere(f, [...plottableSql(st), `${q(objKey)} IS NOT NULL`, ...(bounds.length ? [b.sql] : [])]);
  const best = prepared(db, `SELECT model_id, gpu_model, id, ${objDir === 'lower' ? 'MIN' : 'MAX'}(${q(objKey)}) FROM runs ${feas.sql} GROUP BY model_id, gpu_model`)
    .raw(true)
    .all(...feas.params, ...b.params) as [string, string, number, number][];
  const bestBy = new Map(best.map((r) => [`${r[0]}\u0000${r[1]}`, r[2]]));
  const clock = st.baseline === 'max_clock';
  const baseCol = clock ? 'sm_clock_mhz' : 'output_throughput_tps';
  const bw = exploreWhere(f, [`${q(baseCol)} IS NOT NULL`]);
  const bases = prepared(db, `SELECT model_id, gpu_model, id, MAX(${q(baseCol)}) FROM runs ${bw.sql} GROUP BY model_id, gpu_model`)
    .raw(true)
    .all(...bw.params) as [string, string, number, number][];
  const baseBy = new Map(bases.map((r) => [`${r[0]}\u0000${r[1]}`, r[2]]));
  const own = st.baseline.startsWith('run:') ? (runSummaries(db, [Number(st.baseline.slice(4))])[0] ?? null) : null;

  const ids = new Set<number>();
  for (const g of groups) {
    const k = `${g[0]}\u0000${g[1]}`;
    if (bestBy.has(k)) ids.add(bestBy.get(k)!);
    if (baseBy.has(k)) ids.add(baseBy.get(k)!);
  }
  const sum = new Map(runSummaries(db, [...ids]).map((s) => [s.id, s]));
  const baseWords = clock ? 'default clocks (highest SM clock) of the same model on the same GPU' : 'highest-throughput configuration of the same model on the same GPU';
  const rows = groups.map(([model, gpu, runs, feasible]): PerModelRow => {
    const k = `${model}\u0000${gpu}`;
    const rec = sum.get(bestBy.get(k) ?? -1) ?? null;
    const useOwn = own && own.model === model && own.gpu === gpu;
    const baseline = st.baseline === 'none' ? null : useOwn ? own : (sum.get(baseBy.get(k) ?? -1) ?? null);
    const s = rec && baseline ? savings(objKey, baseline.metrics[objKey], rec.metrics[objKey]) : null;
    let reason: string | null = null;
    if (!rec) reason = bounds.length ? 'no run meets the SLOs' : `no run has ${METRIC_BY_KEY.get(objKey)?.label.toLowerCase()} and both axis metrics`;
    return {
      model,
      gpu,
      runs,
      feasible,
      recommended: rec,
      baseline,
      baselineText: st.baseline === 'none' ? 'none' : useOwn ? `your configuration (run #${own.id})` : baseWords,
      saving: s ? s.fraction : null,
      reason,
    };
  });
  return { rows, truncated: Math.max(0, counts.length - groups.length) };
}

function modelFrontiers(db: DB, f: Filters, st: ViewState, bounds: SloBound[], total: number): ExploreAnswers['modelFrontiers'] {
  if (total > MODEL_FRONTIER_MAX_RUNS || total === 0) return [];
  const b = boundSql(bounds);
  const w = exploreWhere(f, [...plottableSql(st), ...(bounds.length ? [b.sql] : [])]);
  const rows = prepared(db, `SELECT model_id, ${q(st.x)}, ${q(st.y)} FROM runs ${w.sql}`)
    .raw(true)
    .all(...w.params, ...b.params) as [string, number, number][];
  const byModel = new Map<string, [number, number][]>();
  for (const [m, x, y] of rows) {
    let a = byModel.get(m);
    if (!a) byModel.set(m, (a = []));
    a.push([x, y]);
  }
  if (byModel.size < 2) return [];
  const dx = METRIC_BY_KEY.get(st.x)!.direction;
  const dy = METRIC_BY_KEY.get(st.y)!.direction;
  return [...byModel.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([model, pts]) => {
      const fr = paretoFrontier(Float64Array.from(pts, (p) => p[0]), Float64Array.from(pts, (p) => p[1]), dx, dy);
      return { model, points: fr.map((i) => pts[i]) };
    });
}

export function exploreAnswers(db: DB, f: Filters, objKey: MetricKey, bounds: SloBound[]): ExploreAnswers {
  const availability = metricAvailability(db, f);
  const { rows, truncated } = perModelRows(db, f, f, objKey, bounds);
  return {
    availability,
    sloStats: sloStatsOf(db, f, bounds),
    perModel: rows,
    perModelTruncated: truncated,
    modelFrontiers: modelFrontiers(db, f, f, bounds, availability.__total ?? 0),
  };
}
