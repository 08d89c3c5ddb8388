/**
 * The runs table's page ids from the in-memory run columns (db/queries/run-columns.ts) instead of
 * SQLite, when the filter and sort can be answered there: study / model / GPU / engine /
 * simulated, typed knob ranges, metric bounds, and a sort on id or a numeric column.
 *
 * Why: a filtered, sorted page over a large study made SQLite walk a sort index and read one
 * wide row (~4 KB, the JSON doc lives in it) per candidate: ~100 ms at 130k runs for
 * `gpu=H100&max_num_seqs>=64&sort=energy`. Over typed arrays the same page is a linear pass plus
 * a bounded heap. The result is the SQL path's result exactly (same NULLS LAST rule, same id
 * tie-break, same keyset cursor meaning); tests/store/runs-memory-page.test.ts compares the two.
 */
import type { DB } from '@/db/client';
import { scopeColumns, type CategoryColumn, type ScopeColumns } from '@/db/queries/run-columns';
import { warmScopeOffThread } from '@/db/queries/run-columns-thread';
import { KNOB_COLUMNS } from '@/db/mappers/run-row';
import { isMetricKey } from '@/lib/metrics/keys';
import type { RunCursor, SortKey } from './cursor';
import type { RunFilters } from './filters';

export interface MemoryPageParams extends RunFilters {
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  cursor?: RunCursor;
}

const isNumericColumn = (k: string) => isMetricKey(k) || Object.hasOwn(KNOB_COLUMNS, k);

const hasBounds = (p: RunFilters) =>
  [p.knobs, p.metricMax, p.metricMin].some((m) => Object.values(m ?? {}).some((v) => v !== undefined));

/**
 * True when memoryPage can answer this filter and sort and SQLite would be slow at it: a filter
 * with a numeric sort or numeric bounds. An unfiltered sort walks its index and stops after a page,
 * and an id-sorted page of a study/model/GPU filter walks the id index: SQLite keeps those.
 */
export function memoryPageApplies(p: RunFilters & { sort?: SortKey }): boolean {
  const sort = p.sort ?? 'id';
  const filtered =
    p.study !== undefined || !!p.model?.length || !!p.gpu?.length || !!p.engine?.length || p.simulated !== undefined;
  if (!(hasBounds(p) || (filtered && sort !== 'id'))) return false;
  return (
    !p.q &&
    !p.ids?.length &&
    !Object.keys(p.extraKnobs ?? {}).length &&
    (sort === 'id' || isNumericColumn(sort)) &&
    Object.keys(p.knobs ?? {}).every(isNumericColumn) &&
    Object.keys(p.metricMax ?? {}).every(isMetricKey) &&
    Object.keys(p.metricMin ?? {}).every(isMetricKey)
  );
}

/** Numeric bounds as parallel lists: the column, its lowest and its highest allowed value. */
interface Bounds {
  cols: Float64Array[];
  lo: number[];
  hi: number[];
}

function numericBounds(sc: ScopeColumns, p: RunFilters): Bounds {
  const out: Bounds = { cols: [], lo: [], hi: [] };
  const add = (k: string, lo: number, hi: number) => {
    out.cols.push(sc.nums.get(k)!);
    out.lo.push(lo);
    out.hi.push(hi);
  };
  for (const [k, r] of Object.entries(p.knobs ?? {}))
    if (r && (r.min !== undefined || r.max !== undefined)) add(k, r.min ?? -Infinity, r.max ?? Infinity);
  for (const [k, v] of Object.entries(p.metricMax ?? {})) if (v !== undefined) add(k, -Infinity, v);
  for (const [k, v] of Object.entries(p.metricMin ?? {})) if (v !== undefined) add(k, v, Infinity);
  return out;
}

/** Per filtered category column: its codes, and a table by code of whether the value is allowed. */
function categoryFilters(sc: ScopeColumns, p: RunFilters): { codes: Int32Array[]; allowed: Uint8Array[] } {
  const out = { codes: [] as Int32Array[], allowed: [] as Uint8Array[] };
  const lists: [CategoryColumn, string[] | undefined][] = [
    ['model_id', p.model],
    ['gpu_model', p.gpu],
    ['engine_name', p.engine],
  ];
  for (const [col, vals] of lists) {
    if (!vals?.length) continue;
    const c = sc.cats[col];
    const allowed = new Uint8Array(c.values.length);
    for (const v of vals) {
      const code = c.index.get(v);
      if (code !== undefined) allowed[code] = 1;
    }
    out.codes.push(c.codes);
    out.allowed.push(allowed);
  }
  return out;
}

/**
 * Row indexes (into the scope's arrays, id order) of the runs matching the filter. Indexed loops
 * and lookup tables: this pass visits every run of the scope (1M at scale), and iterating the
 * filter lists with for-of and destructuring per run made a page at 1M runs take 28 ms, now 19.
 */
function matching(sc: ScopeColumns, p: RunFilters): Int32Array {
  const cats = categoryFilters(sc, p);
  const b = numericBounds(sc, p);
  const sim = p.simulated === undefined ? -1 : p.simulated ? 1 : 0;
  const out = new Int32Array(sc.n);
  let m = 0;
  rows: for (let i = 0; i < sc.n; i++) {
    if (sim >= 0 && sc.simulated[i] !== sim) continue;
    for (let c = 0; c < cats.codes.length; c++) if (!cats.allowed[c][cats.codes[c][i]]) continue rows;
    // NaN (a missing value) fails both comparisons, as NULL does in SQL.
    for (let k = 0; k < b.cols.length; k++) {
      const v = b.cols[k][i];
      if (!(v >= b.lo[k] && v <= b.hi[k])) continue rows;
    }
    out[m++] = i;
  }
  return out.subarray(0, m);
}

/**
 * Order of two rows as the SQL ORDER BY puts them: the value (missing last in both directions),
 * then id in the same direction. Negative = `a` comes first.
 */
function rowOrder(values: Float64Array | null, ids: Float64Array, desc: boolean) {
  const sign = desc ? -1 : 1;
  return (a: number, b: number): number => {
    if (values) {
      const va = values[a];
      const vb = values[b];
      const na = Number.isNaN(va);
      const nb = Number.isNaN(vb);
      if (na !== nb) return na ? 1 : -1;
      if (!na && va !== vb) return sign * (va - vb);
    }
    return sign * (ids[a] - ids[b]);
  };
}

/** The first `k` of `rows` in `cmp` order (a bounded max-heap: O(n log k)). */
function firstK(rows: Int32Array, k: number, cmp: (a: number, b: number) => number): number[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cmp(heap[i], heap[parent]) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && cmp(heap[l], heap[top]) > 0) top = l;
      if (r < heap.length && cmp(heap[r], heap[top]) > 0) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top], heap[i]];
      i = top;
    }
  };
  for (const row of rows) {
    if (heap.length < k) {
      heap.push(row);
      up(heap.length - 1);
    } else if (cmp(row, heap[0]) < 0) {
      heap[0] = row;
      down(0);
    }
  }
  return heap.sort(cmp);
}

/**
 * Rows strictly after a keyset cursor in the page order (the cursor is the last row of the
 * previous page: its sort value, null when it had none, and its id).
 */
function afterCursor(sc: ScopeColumns, rows: Int32Array, values: Float64Array | null, cur: RunCursor, desc: boolean) {
  const curV = values && cur.v !== null ? Number(cur.v) : NaN;
  const after = (i: number): boolean => {
    const idAfter = desc ? sc.id[i] < cur.id : sc.id[i] > cur.id;
    if (!values) return idAfter;
    const v = values[i];
    const missing = Number.isNaN(v);
    if (missing !== Number.isNaN(curV)) return missing; // missing values come after every present one
    if (!missing && v !== curV) return desc ? v < curV : v > curV;
    return idAfter;
  };
  return rows.filter(after);
}

/** The scope and numeric columns a memory page reads (the sort column and every bounded one). */
export function memoryPageColumns(p: RunFilters & { sort?: SortKey }): { scope: number | 'all'; numeric: string[] } {
  const sort = p.sort ?? 'id';
  const numeric = [
    ...(sort === 'id' ? [] : [sort]),
    ...Object.keys(p.knobs ?? {}),
    ...Object.keys(p.metricMax ?? {}),
    ...Object.keys(p.metricMin ?? {}),
  ];
  return { scope: p.study ?? 'all', numeric };
}

/**
 * Before a runs page that memoryPage will answer: reads its columns in the worker thread when the
 * read is large (db/queries/run-columns-thread.ts). At 1M runs that first read took 1-3.4 s, and
 * as a synchronous call it held every other request of the server for as long.
 */
export async function warmRunPageColumns(
  db: DB,
  p: RunFilters & { sort?: SortKey },
  thread: { minRuns?: number } = {},
): Promise<boolean> {
  if (!memoryPageApplies(p)) return false;
  const { scope, numeric } = memoryPageColumns(p);
  return warmScopeOffThread(db, scope, numeric, thread);
}

/** Page ids and the filtered total, computed over the in-memory columns. */
export function memoryPage(db: DB, p: MemoryPageParams): { total: number; ids: number[] } {
  const { scope, numeric } = memoryPageColumns(p);
  const sc = scopeColumns(db, scope, numeric);
  const all = matching(sc, p);
  const values = p.sort === 'id' ? null : sc.nums.get(p.sort)!;
  const desc = p.order === 'desc';
  const rows = p.cursor ? afterCursor(sc, all, values, p.cursor, desc) : all;
  const skip = p.cursor ? 0 : p.offset;
  const page = firstK(rows, skip + p.limit, rowOrder(values, sc.id, desc)).slice(skip);
  return { total: all.length, ids: page.map((i) => sc.id[i]) };
}
