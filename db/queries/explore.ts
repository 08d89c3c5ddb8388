/**
 * Explorer reads: the columns a view needs (from the in-memory run columns, db/queries/run-columns.ts,
 * filtered here with the same meaning as the shared SQL filter builder), run summaries of the few
 * runs shown in detail, the baseline lookup, facets (run_groups) and the sensitivity aggregation.
 * Column names are never taken from input: they come from the fixed metric/knob/category lists.
 */
import type { DB } from '@/db/client';
import { prepared } from '@/db/queries/prepared';
import { scopeColumns, type CategoryColumn, type ScopeColumns } from '@/db/queries/run-columns';
import { runFacets } from '@/db/queries/runs';
import { isMetricKey, METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { EXPLORE_KNOBS, isExploreKnob, type CategoryKey, type ExploreKnob } from '@/lib/explore/knobs';
import type { ExploreFilters } from '@/lib/explore/state';
import { processWide } from '@/lib/process-wide';

/** Explorer filters with the study resolved (a number, or 'all'). */
export type ResolvedFilters = Omit<ExploreFilters, 'study'> & { study: number | 'all' | null };

/** A numeric column usable in a read: metric or typed knob (same name in SQL). */
export type NumericColumn = MetricKey | ExploreKnob;

const CATEGORY_COLUMN: Record<Exclude<CategoryKey, 'simulated'>, CategoryColumn> = {
  model: 'model_id',
  gpu: 'gpu_model',
  engine: 'engine_name',
  study: 'study_id',
};

function checkNumeric(c: string): string {
  if (!isMetricKey(c) && !isExploreKnob(c)) throw new Error(`not a numeric run column: ${c}`);
  return c;
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

/** Codes (of a scope's dictionary) of the listed values; null = no filter on this column. */
function codeSet(sc: ScopeColumns, col: CategoryColumn, vals: string[]): Set<number> | null {
  if (!vals.length) return null;
  const idx = sc.cats[col].index;
  return new Set(vals.map((v) => idx.get(v)).filter((c): c is number => c !== undefined));
}

/** Indexes (into the scope's arrays) of the runs matching the filters, in id order. */
function scanMatchingRows(sc: ScopeColumns, f: ResolvedFilters): Int32Array {
  const sets: [Int32Array, Set<number>][] = [];
  for (const [col, vals] of [
    ['model_id', f.model],
    ['gpu_model', f.gpu],
    ['engine_name', f.engine],
  ] as const) {
    const s = codeSet(sc, col, vals);
    if (s) sets.push([sc.cats[col].codes, s]);
  }
  const ranges: [Float64Array, number, number][] = [];
  for (const k of EXPLORE_KNOBS) {
    const r = f.knobs[k];
    if (r?.min === undefined && r?.max === undefined) continue;
    ranges.push([sc.nums.get(k)!, r.min ?? -Infinity, r.max ?? Infinity]);
  }
  const sim = f.sim === 'real' ? 0 : f.sim === 'sim' ? 1 : -1;
  // One model selected: only its rows are candidates (the model's row list, in id order).
  const cand = f.model.length === 1 ? modelRows(sc, f.model[0]) : null;
  const total = cand ? cand.length : sc.n;
  const out = new Int32Array(total);
  let m = 0;
  rows: for (let j = 0; j < total; j++) {
    const i = cand ? cand[j] : j;
    if (sim >= 0 && sc.simulated[i] !== sim) continue;
    for (const [codes, set] of sets) if (!set.has(codes[i])) continue rows;
    // NaN (missing) fails both comparisons, as NULL does in SQL.
    for (const [arr, lo, hi] of ranges) if (!(arr[i] >= lo && arr[i] <= hi)) continue rows;
    out[m++] = i;
  }
  return out.subarray(0, m);
}

/**
 * Row indexes of each model in a scope, in id order, built in one pass and kept while the rows are
 * unchanged: a one-model view of a 1M-run study then looks at its model's ~40k rows instead of
 * scanning a million.
 */
const modelRowsMemo = processWide(
  'model-rows',
  () => new WeakMap<ScopeColumns, { n: number; epoch: number; byCode: Int32Array[] }>(),
);

function modelRows(sc: ScopeColumns, model: string): Int32Array {
  const code = sc.cats.model_id.index.get(model);
  if (code === undefined) return new Int32Array(0);
  let m = modelRowsMemo.get(sc);
  if (!m || m.n !== sc.n || m.epoch !== sc.epoch) {
    const codes = sc.cats.model_id.codes;
    const counts = new Int32Array(sc.cats.model_id.values.length);
    for (let i = 0; i < sc.n; i++) counts[codes[i]]++;
    const byCode = Array.from(counts, (c) => new Int32Array(c));
    const fill = new Int32Array(counts.length);
    for (let i = 0; i < sc.n; i++) byCode[codes[i]][fill[codes[i]]++] = i;
    modelRowsMemo.set(sc, (m = { n: sc.n, epoch: sc.epoch, byCode }));
  }
  return m.byCode[code] ?? new Int32Array(0);
}

/**
 * The matching rows, remembered per scope while its rows are unchanged (same epoch and count): one
 * view reads the same filter several times (its axes, the per-model answers, the GPU of each run,
 * the shape channel, availability), and each scan of a 100k-run study costs a few ms. The arrays
 * are shared: callers never write them.
 */
const rowsMemo = processWide(
  'matching-rows',
  () => new WeakMap<ScopeColumns, { n: number; epoch: number; byFilter: Map<string, FilterMemo> }>(),
);
const ROWS_MEMO_FILTERS = 16;

/** A filter's matching rows and, per category read over them, its renumbered codes (SLO-independent). */
interface FilterMemo {
  rows: Int32Array;
  cats: Map<CategoryKey, { codes: Int32Array; categories: string[] }>;
}

function filterMemo(sc: ScopeColumns, f: ResolvedFilters): FilterMemo {
  let m = rowsMemo.get(sc);
  if (!m || m.n !== sc.n || m.epoch !== sc.epoch)
    rowsMemo.set(sc, (m = { n: sc.n, epoch: sc.epoch, byFilter: new Map() }));
  const key = JSON.stringify([
    f.model,
    f.gpu,
    f.engine,
    f.sim,
    EXPLORE_KNOBS.map((k) => [f.knobs[k]?.min, f.knobs[k]?.max]),
  ]);
  let memo = m.byFilter.get(key);
  if (!memo) {
    memo = { rows: scanMatchingRows(sc, f), cats: new Map() };
    if (m.byFilter.size >= ROWS_MEMO_FILTERS) m.byFilter.delete(m.byFilter.keys().next().value as string);
    m.byFilter.set(key, memo);
  }
  return memo;
}

function matchingRows(sc: ScopeColumns, f: ResolvedFilters): Int32Array {
  return filterMemo(sc, f).rows;
}

/**
 * A category's codes over a filter's rows, renumbered by first appearance in id order, remembered
 * with the rows: every view of a study reads the model and GPU of each run (the per-model answers)
 * and its colour, and at 1M runs each renumbering is a pass of ~10 ms.
 */
function categoryCodes(sc: ScopeColumns, memo: FilterMemo, category: CategoryKey) {
  let c = memo.cats.get(category);
  if (!c) {
    const rows = memo.rows;
    const n = rows.length;
    const codes = new Int32Array(n);
    const categories: string[] = [];
    const src = category === 'simulated' ? null : sc.cats[CATEGORY_COLUMN[category]];
    // Dictionary code -> code in this read (-1 = not seen yet): a table, not a Map lookup per run.
    const remap = new Int32Array(src ? src.values.length : 2).fill(-1);
    const from = src ? src.codes : sc.simulated;
    for (let k = 0; k < n; k++) {
      const v = from[rows[k]];
      let r = remap[v];
      if (r < 0) {
        r = remap[v] = categories.length;
        categories.push(src ? src.values[v] : String(v));
      }
      codes[k] = r;
    }
    memo.cats.set(category, (c = { codes, categories }));
  }
  return c;
}

// One loop per array type: a shared generic loop over both made every element access
// polymorphic and the filtered reads several times slower.
function gatherF64(src: Float64Array, rows: Int32Array): Float64Array {
  const a = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) a[k] = src[rows[k]];
  return a;
}

function gatherU8(src: Uint8Array, rows: Int32Array): Uint8Array {
  const a = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) a[k] = src[rows[k]];
  return a;
}

const scopeOf = (f: ResolvedFilters): number | 'all' => (typeof f.study === 'number' ? f.study : 'all');
/** Knobs the filters bound: read to filter on, whatever the caller asked for. */
const filterKnobs = (f: ResolvedFilters) =>
  EXPLORE_KNOBS.filter((k) => f.knobs[k]?.min !== undefined || f.knobs[k]?.max !== undefined);

/**
 * Makes sure the filters' scope holds these columns, without reading them out. Loading a column
 * into a scope is a scan of the runs table (~1.4 s at 1M runs), however many columns it reads: a
 * caller that will read several sets of columns one after another names them all here first.
 */
export function warmColumns(db: DB, f: ResolvedFilters, numeric: NumericColumn[]) {
  const plan = columnPlan(f, numeric);
  scopeColumns(db, plan.scope, plan.numeric);
}

/** The scope these filters read and the columns held for them: the asked ones and the filters' knobs. */
export function columnPlan(f: ResolvedFilters, numeric: NumericColumn[]) {
  return { scope: scopeOf(f), numeric: [...[...new Set(numeric)].map(checkNumeric), ...filterKnobs(f)] };
}

/**
 * id, simulated, the given numeric columns and an optional categorical key of every run matching
 * the filters, as typed arrays (category codes renumbered by first appearance in id order). The
 * arrays may be views of the held columns: callers read them and never write.
 */
export function readColumns(
  db: DB,
  f: ResolvedFilters,
  numeric: NumericColumn[],
  category: CategoryKey | null,
): ColumnRead {
  const cols = [...new Set(numeric)].map(checkNumeric) as NumericColumn[];
  const sc = scopeColumns(db, scopeOf(f), [...cols, ...filterKnobs(f)]);
  const memo = filterMemo(sc, f);
  const rows = memo.rows;
  const n = rows.length;
  // Every run of the scope matches (a whole-study view): views of the held arrays, no copy.
  const all = n === sc.n;
  const id = all ? sc.id.subarray(0, n) : gatherF64(sc.id, rows);
  const simulated = all ? sc.simulated.subarray(0, n) : gatherU8(sc.simulated, rows);
  const out = new Map<NumericColumn, Float64Array>();
  for (const c of cols) {
    const src = sc.nums.get(c)!;
    out.set(c, all ? src.subarray(0, n) : gatherF64(src, rows));
  }
  const cat = category ? categoryCodes(sc, memo, category) : null;
  const catCodes = cat ? cat.codes : null;
  const categories = cat ? [...cat.categories] : [];
  return { n, id, simulated, cols: out, catCodes, categories };
}

/** How many runs match the filters (the scope's in-memory rows, remembered per filter). */
export function matchingRunCount(db: DB, f: ResolvedFilters): number {
  return matchingRows(scopeColumns(db, scopeOf(f), filterKnobs(f)), f).length;
}

/**
 * How many runs matching the filters have a value in each numeric column, plus `__total`: counted
 * on the held columns in place (no per-column copy, which for every metric of 100k runs was ~36 MB
 * of arrays per request).
 */
export function columnCounts(db: DB, f: ResolvedFilters, numeric: NumericColumn[]): Record<string, number> {
  const cols = [...new Set(numeric)].map(checkNumeric) as NumericColumn[];
  const sc = scopeColumns(db, scopeOf(f), [...cols, ...filterKnobs(f)]);
  const rows = matchingRows(sc, f);
  // A plain object (it is sent to client components); its keys are the fixed catalogue columns.
  const out: Record<string, number> = { __total: rows.length };
  for (const c of cols) {
    const src = sc.nums.get(c)!;
    let k = 0;
    for (let j = 0; j < rows.length; j++) if (!Number.isNaN(src[rows[j]])) k++;
    out[c] = k;
  }
  return out;
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

const SUMMARY_COLS = [
  'id',
  'label',
  'study_id',
  'model_id',
  'gpu_model',
  'gpu_count',
  'engine_name',
  'simulated',
  ...EXPLORE_KNOBS.map((k) => `"${k}"`),
  ...METRIC_KEYS.map((k) => `"${k}"`),
];

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
  const stmt = prepared(
    db,
    `SELECT ${SUMMARY_COLS.join(', ')} FROM runs WHERE id IN (SELECT value FROM json_each(?))`,
  ).raw(true);
  for (let i = 0; i < ids.length; i += 1000) {
    for (const r of stmt.all(JSON.stringify(ids.slice(i, i + 1000))) as unknown[][])
      out.set(r[0] as number, toSummary(r));
  }
  return ids.map((id) => out.get(id)).filter((s): s is RunSummary => !!s);
}

/**
 * The baseline run of a recommendation, among runs matching the filters with the same model and
 * GPU as the recommended run, read from the in-memory columns (that model's row list: a SQL sort
 * of the group cost ~30 ms per view at 1M runs):
 *  - max_throughput: the highest output token throughput (what you'd run if energy didn't matter);
 *  - max_clock: default clocks = the highest SM clock, preferring the same other knobs as the
 *    recommended run (so the comparison isolates the clock).
 * Ties go to the lowest id. Same answer as
 *   ORDER BY output_throughput_tps DESC, id LIMIT 1   /   ORDER BY sm_clock_mhz DESC,
 *   (number of other knobs IS the recommended run's) DESC, id LIMIT 1
 * over the non-missing values (tests/store/baseline.test.ts checks it against that SQL).
 */
export function findBaseline(
  db: DB,
  f: ResolvedFilters,
  mode: 'max_throughput' | 'max_clock',
  rec: RunSummary,
): RunSummary | null {
  const same = EXPLORE_KNOBS.filter((k) => k !== 'sm_clock_mhz' && k !== 'power_limit_w');
  const key: NumericColumn = mode === 'max_throughput' ? 'output_throughput_tps' : 'sm_clock_mhz';
  const read = readColumns(
    db,
    { ...f, model: [rec.model], gpu: [rec.gpu] },
    mode === 'max_clock' ? [key, ...same] : [key],
    null,
  );
  const K = read.cols.get(key)!;
  const knobCols = mode === 'max_clock' ? same.map((k) => [read.cols.get(k)!, rec.knobs[k] ?? NaN] as const) : [];
  // Matching the recommended run's knob: both missing (SQL NULL IS NULL), or the same value.
  const matches = (i: number) => {
    let m = 0;
    for (const [col, v] of knobCols) if (Number.isNaN(v) ? Number.isNaN(col[i]) : col[i] === v) m++;
    return m;
  };
  let best = -1;
  let bestK = -Infinity;
  let bestM = -1;
  for (let i = 0; i < read.n; i++) {
    const k = K[i];
    if (Number.isNaN(k) || k < bestK) continue;
    const m = knobCols.length ? matches(i) : 0;
    // Rows come in id order: a tie keeps the earlier (lower id) run.
    if (k > bestK || m > bestM) {
      best = i;
      bestK = k;
      bestM = m;
    }
  }
  return best < 0 ? null : (runSummaries(db, [read.id[best]])[0] ?? null);
}

/** The demo study (first marked is_demo), used as the explorer's default study. */
export function demoStudyId(db: DB): number | null {
  const r = prepared(db, 'SELECT id FROM studies WHERE is_demo = 1 ORDER BY id LIMIT 1').raw(true).get() as
    [number] | undefined;
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

/**
 * Metric aggregated per (facet, series knob value, x knob value) over the matching runs with both
 * the metric and the knob, ordered by facet, series (missing first), x; at most 20,000 groups.
 */
export function sensitivityRows(
  db: DB,
  f: ResolvedFilters,
  metric: MetricKey,
  knob: ExploreKnob,
  series: ExploreKnob | null,
  facet: CategoryKey | null,
): SensitivityRow[] {
  const cols: NumericColumn[] = [metric, knob, ...(series ? [series] : [])];
  const d = readColumns(db, f, cols, facet);
  const M = d.cols.get(metric)!,
    X = d.cols.get(knob)!,
    S = series ? d.cols.get(series)! : null;
  // Groups keyed by numbers, not by a string per run (~100 ms at 1M runs): each distinct knob
  // value gets a small code, and a group is found by (series code, x code) in its facet's map.
  const xCodes = new Map<number, number>();
  const sCodes = new Map<number | null, number>();
  const codeOf = <K>(codes: Map<K, number>, v: K) => {
    let c = codes.get(v);
    if (c === undefined) codes.set(v, (c = codes.size));
    return c;
  };
  const byFacet: Map<number, SensitivityRow>[] = [];
  // x codes are below the stride, so (series, x) is one exact integer (below 2^53 up to 94M runs).
  const stride = d.n + 1;
  const groups: SensitivityRow[] = [];
  for (let i = 0; i < d.n; i++) {
    const m = M[i],
      x = X[i];
    if (Number.isNaN(m) || Number.isNaN(x)) continue;
    const fcode = d.catCodes ? d.catCodes[i] : 0;
    const s = S && !Number.isNaN(S[i]) ? S[i] : null;
    const key = codeOf(sCodes, s) * stride + codeOf(xCodes, x);
    const inFacet = (byFacet[fcode] ??= new Map());
    const g = inFacet.get(key);
    if (g) {
      g.n++;
      g.mean += m; // sum until the end
      if (m < g.min) g.min = m;
      if (m > g.max) g.max = m;
    } else {
      const row = { facet: d.catCodes ? d.categories[fcode] : '', series: s, x, mean: m, min: m, max: m, n: 1 };
      inFacet.set(key, row);
      groups.push(row);
    }
  }
  for (const g of groups) g.mean /= g.n;
  groups.sort(
    (a, b) =>
      (a.facet < b.facet ? -1 : a.facet > b.facet ? 1 : 0) ||
      (a.series ?? -Infinity) - (b.series ?? -Infinity) ||
      a.x - b.x,
  );
  return groups.slice(0, 20000);
}

/** Every study (the explorer's study picker). */
export function studyList(db: DB): { id: number; name: string; isDemo: boolean }[] {
  const studies = prepared(db, 'SELECT id, name, is_demo FROM studies ORDER BY id').raw(true).all() as [
    number,
    string,
    number,
  ][];
  return studies.map(([id, name, isDemo]) => ({ id, name, isDemo: !!isDemo }));
}

/** Distinct categorical values under a study (filter pickers) and the study list. */
export function exploreFacets(db: DB, study: number | 'all' | null) {
  const f = runFacets(db, typeof study === 'number' ? study : undefined);
  return { ...f, studies: studyList(db) };
}
