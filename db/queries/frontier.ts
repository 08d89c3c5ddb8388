/**
 * Column reads for the explorer: only the columns a view needs, through raw prepared statements
 * (better-sqlite3 `.raw()` rows, no object per row), into typed arrays. Column names are never
 * taken from input: they come from the fixed metric/knob/category lists and are checked here.
 */
import type Database from 'better-sqlite3';
import type { DB } from '@/db/client';
import { isMetricKey, METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { EXPLORE_KNOBS, isExploreKnob, type CategoryKey, type ExploreKnob } from '@/lib/explore/knobs';
import type { ExploreFilters } from '@/lib/explore/state';

/** SQL expression of each categorical key. */
const CATEGORY_SQL: Record<CategoryKey, string> = {
  model: 'model_id',
  gpu: 'gpu_model',
  engine: 'engine_name',
  study: 'study_id',
  simulated: 'simulated',
};

/** A numeric column usable in a read: metric or typed knob (same name in SQL). */
export type NumericColumn = MetricKey | ExploreKnob;

function checkNumeric(c: string): string {
  if (!isMetricKey(c) && !isExploreKnob(c)) throw new Error(`not a numeric run column: ${c}`);
  return `"${c}"`;
}

export function categorySql(k: CategoryKey): string {
  return CATEGORY_SQL[k];
}

/** WHERE clause and parameters for explorer filters (study already resolved to a number or 'all'). */
export function exploreWhere(f: Omit<ExploreFilters, 'study'> & { study: number | 'all' | null }, extra: string[] = []) {
  const c: string[] = [];
  const p: unknown[] = [];
  if (typeof f.study === 'number') {
    c.push('study_id = ?');
    p.push(f.study);
  }
  const inList = (col: string, vals: string[]) => {
    if (!vals.length) return;
    c.push(`${col} IN (${vals.map(() => '?').join(',')})`);
    p.push(...vals);
  };
  inList('model_id', f.model);
  inList('gpu_model', f.gpu);
  inList('engine_name', f.engine);
  if (f.sim === 'real') c.push('simulated = 0');
  if (f.sim === 'sim') c.push('simulated = 1');
  for (const k of EXPLORE_KNOBS) {
    const r = f.knobs[k];
    if (r?.min !== undefined) {
      c.push(`"${k}" >= ?`);
      p.push(r.min);
    }
    if (r?.max !== undefined) {
      c.push(`"${k}" <= ?`);
      p.push(r.max);
    }
  }
  c.push(...extra);
  return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
}

// Prepared statements are cached per SQL text (the set of distinct view shapes is small).
const stmtCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
export function prepared(db: DB, sql: string): Database.Statement {
  let m = stmtCache.get(db.$client);
  if (!m) stmtCache.set(db.$client, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    s = db.$client.prepare(sql);
    if (m.size > 200) m.clear();
    m.set(sql, s);
  }
  return s;
}

export interface ColumnRead {
  n: number;
  id: Float64Array;
  simulated: Uint8Array;
  /** One array per requested numeric column; NaN where the value is missing. */
  cols: Map<NumericColumn, Float64Array>;
  /** Categorical colour: codes into `categories` (-1 = missing); or null when colour is numeric/none. */
  catCodes: Int32Array | null;
  categories: string[];
}

/**
 * Reads id, simulated, the given numeric columns and an optional categorical key for every run
 * matching the filters (a single pass; `.raw()` arrays, converted to typed arrays as they come).
 */
export function readColumns(
  db: DB,
  f: ExploreFilters & { study: number | 'all' | null },
  numeric: NumericColumn[],
  category: CategoryKey | null,
): ColumnRead {
  const cols = [...new Set(numeric)];
  const { sql: where, params } = exploreWhere(f);
  const select = ['id', 'simulated', ...cols.map(checkNumeric)];
  if (category) select.push(CATEGORY_SQL[category]);
  const stmt = prepared(db, `SELECT ${select.join(', ')} FROM runs ${where}`).raw(true);
  const rows = stmt.all(...params) as unknown[][];
  const n = rows.length;
  const id = new Float64Array(n);
  const simulated = new Uint8Array(n);
  const arrs = cols.map(() => new Float64Array(n));
  const catCodes = category ? new Int32Array(n) : null;
  const dict = new Map<string, number>();
  const categories: string[] = [];
  const nc = cols.length;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    id[i] = r[0] as number;
    simulated[i] = r[1] ? 1 : 0;
    for (let j = 0; j < nc; j++) {
      const v = r[2 + j];
      arrs[j][i] = v === null ? NaN : (v as number);
    }
    if (catCodes) {
      const v = r[2 + nc];
      if (v === null || v === undefined) catCodes[i] = -1;
      else {
        const key = String(v);
        let code = dict.get(key);
        if (code === undefined) {
          code = categories.length;
          categories.push(key);
          dict.set(key, code);
        }
        catCodes[i] = code;
      }
    }
  }
  return { n, id, simulated, cols: new Map(cols.map((c, j) => [c, arrs[j]])), catCodes, categories };
}

export interface RunSummary {
  id: number;
  label: string;
  studyId: number;
  model: string;
  gpu: string;
  gpuCount: number;
  engine: string;
  simulated: boolean;
  knobs: Partial<Record<ExploreKnob, number>>;
  metrics: Partial<Record<MetricKey, number>>;
}

const SUMMARY_COLS = ['id', 'label', 'study_id', 'model_id', 'gpu_model', 'gpu_count', 'engine_name', 'simulated', ...EXPLORE_KNOBS.map((k) => `"${k}"`), ...METRIC_KEYS.map((k) => `"${k}"`)];

function toSummary(r: unknown[]): RunSummary {
  const knobs: RunSummary['knobs'] = {};
  const metrics: RunSummary['metrics'] = {};
  let j = 8;
  for (const k of EXPLORE_KNOBS) {
    const v = r[j++];
    if (v !== null) knobs[k] = v as number;
  }
  for (const k of METRIC_KEYS) {
    const v = r[j++];
    if (v !== null) metrics[k] = v as number;
  }
  return {
    id: r[0] as number,
    label: r[1] as string,
    studyId: r[2] as number,
    model: r[3] as string,
    gpu: r[4] as string,
    gpuCount: r[5] as number,
    engine: r[6] as string,
    simulated: !!r[7],
    knobs,
    metrics,
  };
}

/** Summaries (typed knobs + every metric, no doc) of the given runs, in the order of `ids`. */
export function runSummaries(db: DB, ids: number[]): RunSummary[] {
  const out = new Map<number, RunSummary>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = db.$client
      .prepare(`SELECT ${SUMMARY_COLS.join(', ')} FROM runs WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .raw(true)
      .all(...chunk) as unknown[][];
    for (const r of rows) out.set(r[0] as number, toSummary(r));
  }
  return ids.map((id) => out.get(id)).filter((s): s is RunSummary => !!s);
}

/**
 * The baseline run of a recommendation, among runs matching the filters with the same model and
 * GPU as the recommended run:
 *  - max_throughput: the highest output token throughput (what you'd run if energy didn't matter);
 *  - max_clock: default clocks = the highest SM clock, preferring the same other knobs as the
 *    recommended run (so the comparison isolates the clock).
 */
export function findBaseline(
  db: DB,
  f: ExploreFilters & { study: number | 'all' | null },
  mode: 'max_throughput' | 'max_clock',
  rec: RunSummary,
): RunSummary | null {
  const { sql: where, params } = exploreWhere(f, ['model_id = ?', 'gpu_model = ?']);
  const p = [...params, rec.model, rec.gpu];
  let sql: string;
  if (mode === 'max_throughput') {
    sql = `SELECT id FROM runs ${where} AND output_throughput_tps IS NOT NULL ORDER BY output_throughput_tps DESC, id LIMIT 1`;
  } else {
    const same = EXPLORE_KNOBS.filter((k) => k !== 'sm_clock_mhz' && k !== 'power_limit_w');
    sql = `SELECT id FROM runs ${where} AND sm_clock_mhz IS NOT NULL ORDER BY sm_clock_mhz DESC, (${same
      .map((k) => `("${k}" IS ?)`)
      .join(' + ')}) DESC, id LIMIT 1`;
    p.push(...same.map((k) => rec.knobs[k] ?? null));
  }
  const row = db.$client.prepare(sql).raw(true).get(...p) as [number] | undefined;
  return row ? (runSummaries(db, [row[0]])[0] ?? null) : null;
}

/** The demo study (first marked is_demo), used as the explorer's default study. */
export function demoStudyId(db: DB): number | null {
  const r = prepared(db, 'SELECT id FROM studies WHERE is_demo = 1 ORDER BY id LIMIT 1').raw(true).get() as [number] | undefined;
  return r ? r[0] : null;
}

export interface SensitivityRow {
  facet: string;
  series: number | null;
  x: number;
  mean: number;
  min: number;
  max: number;
  n: number;
}

/** Metric aggregated per (facet, series knob value, x knob value): one GROUP BY in SQLite. */
export function sensitivityRows(
  db: DB,
  f: ExploreFilters & { study: number | 'all' | null },
  metric: MetricKey,
  knob: ExploreKnob,
  series: ExploreKnob | null,
  facet: CategoryKey | null,
): SensitivityRow[] {
  const m = checkNumeric(metric);
  const k = checkNumeric(knob);
  const s = series ? checkNumeric(series) : 'NULL';
  const fc = facet ? CATEGORY_SQL[facet] : "''";
  const { sql: where, params } = exploreWhere(f, [`${m} IS NOT NULL`, `${k} IS NOT NULL`]);
  const rows = prepared(
    db,
    `SELECT ${fc} AS f, ${s} AS s, ${k} AS x, AVG(${m}), MIN(${m}), MAX(${m}), COUNT(*) FROM runs ${where}
     GROUP BY f, s, x ORDER BY f, s, x LIMIT 20000`,
  )
    .raw(true)
    .all(...params) as unknown[][];
  return rows.map((r) => ({
    facet: String(r[0]),
    series: r[1] === null ? null : (r[1] as number),
    x: r[2] as number,
    mean: r[3] as number,
    min: r[4] as number,
    max: r[5] as number,
    n: r[6] as number,
  }));
}

/** Distinct categorical values under a study (filter pickers). */
export function exploreFacets(db: DB, study: number | 'all' | null) {
  const w = typeof study === 'number' ? 'WHERE study_id = ?' : '';
  const p = typeof study === 'number' ? [study] : [];
  const d = (col: string) =>
    (prepared(db, `SELECT DISTINCT ${col} FROM runs ${w} ORDER BY ${col}`).raw(true).all(...p) as unknown[][]).map((r) => String(r[0]));
  const studies = prepared(db, 'SELECT id, name, is_demo FROM studies ORDER BY id').raw(true).all() as [number, string, number][];
  return {
    models: d('model_id'),
    gpus: d('gpu_model'),
    engines: d('engine_name'),
    studies: studies.map(([id, name, isDemo]) => ({ id, name, isDemo: !!isDemo })),
  };
}
