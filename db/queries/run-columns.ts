/**
 * In-memory columns of runs for the explorer: per scope (one study, or every study), the id,
 * simulated flag, categorical codes (model, GPU, engine, study) and whichever numeric columns
 * views have asked for, as typed arrays in id order. A view then filters and computes over arrays
 * instead of reading (and converting) every row from SQLite on every request.
 *
 * Kept current without rescanning:
 *  - runs are only ever appended with growing ids (AUTOINCREMENT), so new rows are the ones with
 *    id > the highest id held: one rowid range read after each commit (an import in progress
 *    costs its new rows, not the study);
 *  - deletes and updates (move between studies, import undo, study delete) move run_epoch
 *    (triggers, migration 0006): the scope is then reloaded from scratch;
 *  - nothing is read while the data version (db/queries/data-version.ts) is unchanged.
 * Every refresh reads inside one read transaction, so epoch, appended rows and late-loaded columns
 * come from the same snapshot.
 *
 * Memory: 25 bytes per run per scope plus 8 bytes per run per loaded numeric column (1M runs and
 * 10 columns ~ 105 MB); at most MAX_SCOPES scopes are held (least recently used dropped).
 */
import type { Statement } from 'better-sqlite3';
import type { DB } from '@/db/client';
import { dataVersion } from '@/db/queries/data-version';
import { prepared } from '@/db/queries/prepared';
import { isMetricKey } from '@/lib/metrics/keys';
import { KNOB_COLUMNS } from '@/db/mappers/run-row';
import { processWide } from '@/lib/process-wide';

export type CategoryColumn = 'model_id' | 'gpu_model' | 'engine_name' | 'study_id';
export const CATEGORY_COLUMNS: CategoryColumn[] = ['model_id', 'gpu_model', 'engine_name', 'study_id'];

/** Codes into `values` (strings; study ids as text), one per row. */
export interface CategoryArray {
  codes: Int32Array;
  values: string[];
  index: Map<string, number>;
}

export interface ScopeColumns {
  study: number | 'all';
  n: number;
  id: Float64Array;
  simulated: Uint8Array;
  cats: Record<CategoryColumn, CategoryArray>;
  /** Numeric columns loaded so far (NaN = missing value). */
  nums: Map<string, Float64Array>;
  /** run_epoch the rows were loaded at: rows 0..n-1 are the same rows while it and n are. */
  epoch: number;
}

interface Scope extends ScopeColumns {
  cap: number;
  maxId: number;
  version: string;
}

const MAX_SCOPES = 3;
const cacheByConn = processWide('run-columns', () => new WeakMap<object, Map<string, Scope>>());

function checkNumeric(c: string): string {
  if (!isMetricKey(c) && !Object.hasOwn(KNOB_COLUMNS, c)) throw new Error(`not a numeric run column: ${c}`);
  return `"${c}"`;
}

function emptyScope(study: number | 'all'): Scope {
  const cat = (): CategoryArray => ({ codes: new Int32Array(0), values: [], index: new Map() });
  return {
    study,
    n: 0,
    cap: 0,
    epoch: -1,
    maxId: 0,
    version: '',
    id: new Float64Array(0),
    simulated: new Uint8Array(0),
    cats: { model_id: cat(), gpu_model: cat(), engine_name: cat(), study_id: cat() },
    nums: new Map(),
  };
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

function ensureCapacity(s: Scope, need: number) {
  if (need <= s.cap) return;
  const cap = Math.max(need, Math.ceil(s.cap * 1.5), 1024);
  s.id = grow(s.id, cap);
  s.simulated = grow(s.simulated, cap);
  for (const c of CATEGORY_COLUMNS) s.cats[c].codes = grow(s.cats[c].codes, cap);
  for (const [k, a] of s.nums) s.nums.set(k, grow(a, cap));
  s.cap = cap;
}

function code(c: CategoryArray, v: unknown): number {
  const key = String(v);
  let k = c.index.get(key);
  if (k === undefined) {
    k = c.values.length;
    c.values.push(key);
    c.index.set(key, k);
  }
  return k;
}

/**
 * Scope condition. Appends (id above what is held) read a rowid range, with study_id hidden from
 * the planner (unary +) so it does not walk the study's index instead. A first load of a study
 * that is a small part of the table uses the study index.
 */
function scopeWhere(db: DB, s: Scope, from: number): { text: string; params: unknown[] } {
  if (s.study === 'all') return { text: 'id > ?', params: [from] };
  let col = '+study_id';
  if (from === 0) {
    const [inStudy, all] = prepared(
      db,
      'SELECT coalesce(sum(CASE WHEN study_id = ? THEN n END), 0), coalesce(sum(n), 0) FROM run_groups',
    )
      .raw(true)
      .get(s.study) as [number, number];
    if (inStudy * 4 < all) col = 'study_id';
  }
  return { text: `${col} = ? AND id > ?`, params: [s.study, from] };
}

/** Runs in a scope as run_groups counts them (kept in the inserting transaction: exact in this snapshot). */
function scopeRunCount(db: DB, study: number | 'all'): number {
  const sql =
    study === 'all'
      ? 'SELECT coalesce(sum(n), 0) FROM run_groups'
      : 'SELECT coalesce(sum(n), 0) FROM run_groups WHERE study_id = ?';
  const st = prepared(db, sql).raw(true);
  return ((study === 'all' ? st.get() : st.get(study)) as [number])[0];
}

/**
 * Reads rows with id > maxId (every held column, and the categorical ones). Rows are consumed as
 * SQLite yields them (iterate, not all): all() held a million row arrays at once, and promoting
 * them to V8's old generation cost more than the table scan (1M runs, a first load with two
 * metric columns: 4.9 -> 2.4 s).
 */
function appendRows(db: DB, s: Scope) {
  const nums = [...s.nums.keys()];
  const w = scopeWhere(db, s, s.maxId);
  const sel = ['id', 'simulated', ...CATEGORY_COLUMNS, ...nums.map(checkNumeric)].join(', ');
  ensureCapacity(s, scopeRunCount(db, s.study));
  const rows = prepared(db, `SELECT ${sel} FROM runs WHERE ${w.text} ORDER BY id`)
    .raw(true)
    .iterate(...w.params) as IterableIterator<unknown[]>;
  const cats = CATEGORY_COLUMNS.map((c) => s.cats[c]);
  let numArrs = nums.map((k) => s.nums.get(k)!);
  let i = s.n;
  for (const r of rows) {
    if (i === s.cap) {
      // Only if run_groups were out of step with runs: still correct, just slower.
      ensureCapacity(s, i + 1);
      numArrs = nums.map((k) => s.nums.get(k)!);
    }
    s.id[i] = r[0] as number;
    s.simulated[i] = r[1] ? 1 : 0;
    for (let j = 0; j < cats.length; j++) cats[j].codes[i] = code(cats[j], r[2 + j]);
    for (let j = 0; j < numArrs.length; j++) {
      const v = r[2 + cats.length + j];
      numArrs[j][i] = v === null ? NaN : (v as number);
    }
    i++;
  }
  if (i === s.n) return;
  s.n = i;
  s.maxId = s.id[i - 1];
}

/** Loads numeric columns not held yet, for the rows already held (same snapshot, same order). */
function loadColumns(db: DB, s: Scope, cols: string[]) {
  if (!cols.length) return;
  const arrs = cols.map(() => new Float64Array(s.cap));
  if (s.n > 0) {
    const w = scopeWhere(db, s, 0);
    const st = prepared(
      db,
      `SELECT ${cols.map(checkNumeric).join(', ')} FROM runs WHERE ${w.text} AND id <= ? ORDER BY id`,
    );
    const read = cols.length === 1 ? fillOne(st, w.params, s, arrs[0]) : fillMany(st, w.params, s, arrs);
    if (read !== s.n)
      throw new Error(
        `run columns: expected ${s.n} rows, read ${read > s.n ? 'more' : read} (runs changed without an epoch)`,
      );
  }
  cols.forEach((c, j) => s.nums.set(c, arrs[j]));
}

/**
 * One column (a metric picked for the first time): plain values, no row arrays, a quarter faster
 * than iterating rows at 1M runs (1.05 against 1.4 s in a script). Returns the rows read.
 */
function fillOne(st: Statement, params: unknown[], s: Scope, out: Float64Array): number {
  const v = st.pluck(true).all(...params, s.maxId) as (number | null)[];
  if (v.length !== s.n) return v.length;
  for (let i = 0; i < v.length; i++) out[i] = v[i] ?? NaN;
  return v.length;
}

/** Several columns, rows consumed as they come; stops one row past what is held. Returns the rows read. */
function fillMany(st: Statement, params: unknown[], s: Scope, arrs: Float64Array[]): number {
  let i = 0;
  for (const r of st.raw(true).iterate(...params, s.maxId) as IterableIterator<unknown[]>) {
    if (i === s.n) return i + 1; // one row more than held: the snapshot is not the one held
    for (let j = 0; j < arrs.length; j++) arrs[j][i] = r[j] === null ? NaN : (r[j] as number);
    i++;
  }
  return i;
}

/**
 * The columns of a scope with at least `numeric` loaded, current as of now. The returned arrays
 * are shared: callers read the first `n` entries and never write.
 */
export function scopeColumns(db: DB, study: number | 'all', numeric: string[]): ScopeColumns {
  numeric.forEach(checkNumeric);
  let scopes = cacheByConn.get(db.$client);
  if (!scopes) cacheByConn.set(db.$client, (scopes = new Map()));
  const key = String(study);
  let s = scopes.get(key);
  if (s)
    scopes.delete(key); // re-inserted below: Map order is the LRU order
  else s = emptyScope(study);
  const missing = [...new Set(numeric)].filter((c) => !s.nums.has(c));
  const version = dataVersion(db);
  if (s.version !== version || missing.length) {
    const scope = s;
    db.$client.transaction(() => {
      const epoch = currentEpoch(db);
      if (epoch !== scope.epoch) {
        const keep = [...scope.nums.keys()];
        Object.assign(scope, emptyScope(study), { epoch });
        for (const c of keep) scope.nums.set(c, new Float64Array(0));
      }
      // Nothing held yet: the one append pass reads the new columns too.
      const late = scope.n === 0 ? [] : missing;
      if (scope.n === 0) for (const c of missing) scope.nums.set(c, new Float64Array(scope.cap));
      appendRows(db, scope);
      loadColumns(db, scope, late);
    })();
    s.version = version;
  }
  scopes.set(key, s);
  while (scopes.size > MAX_SCOPES) scopes.delete(scopes.keys().next().value as string);
  return s;
}

/** A scope as read on another connection (a worker thread): plain arrays, transferable. */
export interface ScopeSnapshot {
  study: number | 'all';
  n: number;
  epoch: number;
  maxId: number;
  id: Float64Array;
  simulated: Uint8Array;
  cats: Record<CategoryColumn, { codes: Int32Array; values: string[] }>;
  nums: [string, Float64Array][];
}

function currentEpoch(db: DB): number {
  return (prepared(db, 'SELECT epoch FROM run_epoch WHERE id = 1').raw(true).get() as [number] | undefined)?.[0] ?? 0;
}

/** Reads a whole scope with these numeric columns in one read transaction (the worker's side). */
export function readScopeSnapshot(db: DB, study: number | 'all', numeric: string[]): ScopeSnapshot {
  numeric.forEach(checkNumeric);
  const s = emptyScope(study);
  db.$client.transaction(() => {
    s.epoch = currentEpoch(db);
    for (const c of new Set(numeric)) s.nums.set(c, new Float64Array(0));
    appendRows(db, s);
  })();
  const cat = (c: CategoryArray) => ({ codes: c.codes, values: c.values });
  return {
    study,
    n: s.n,
    epoch: s.epoch,
    maxId: s.maxId,
    id: s.id,
    simulated: s.simulated,
    cats: {
      model_id: cat(s.cats.model_id),
      gpu_model: cat(s.cats.gpu_model),
      engine_name: cat(s.cats.engine_name),
      study_id: cat(s.cats.study_id),
    },
    nums: [...s.nums],
  };
}

/** Where a held scope stood when a late column read began (the rows it covers). */
export interface HeldRows {
  study: number | 'all';
  n: number;
  cap: number;
  maxId: number;
  epoch: number;
}

/**
 * The read `numeric` needs on this connection now: a whole scope ('full': nothing held, another
 * run_epoch, or an import appended at least `bigAppend` runs), columns not held yet over the held
 * rows ('late'), or only the runs appended since ('append', always inline). Cheap: two small
 * indexed reads.
 */
export type ScopeRead =
  | { kind: 'full'; runs: number; columns: string[] }
  | { kind: 'late'; runs: number; columns: string[]; held: HeldRows }
  | { kind: 'append'; runs: number };

export function scopeReadNeeded(db: DB, study: number | 'all', numeric: string[], bigAppend: number): ScopeRead {
  const s = cacheByConn.get(db.$client)?.get(String(study));
  const total = scopeRunCount(db, study);
  const held = s ? [...s.nums.keys()] : [];
  const columns = [...new Set([...held, ...numeric])];
  if (!s || s.epoch !== currentEpoch(db) || total - s.n >= bigAppend) return { kind: 'full', runs: total, columns };
  const late = columns.filter((c) => !s.nums.has(c));
  if (late.length)
    return {
      kind: 'late',
      runs: s.n,
      columns: late,
      held: { study, n: s.n, cap: s.cap, maxId: s.maxId, epoch: s.epoch },
    };
  return { kind: 'append', runs: total - s.n };
}

/**
 * Reads columns for rows a scope held on another connection (the worker's side of a 'late'
 * read). Null when the runs changed under it (another epoch): the caller then reads inline.
 */
export function readLateColumns(db: DB, held: HeldRows, columns: string[]): [string, Float64Array][] | null {
  columns.forEach(checkNumeric);
  const s: Scope = { ...emptyScope(held.study), ...held, version: '' };
  return db.$client.transaction(() => {
    if (currentEpoch(db) !== held.epoch) return null;
    loadColumns(db, s, columns);
    return [...s.nums];
  })();
}

/** Adds columns read by readLateColumns, if the held scope still has exactly those rows. */
export function adoptLateColumns(db: DB, held: HeldRows, nums: [string, Float64Array][]) {
  const s = cacheByConn.get(db.$client)?.get(String(held.study));
  if (!s || s.epoch !== held.epoch || s.n !== held.n || s.cap !== held.cap) return;
  for (const [c, a] of nums) if (!s.nums.has(c)) s.nums.set(c, a);
}

/**
 * Installs a scope read on another connection. The next scopeColumns call checks it like any held
 * scope: the same run_epoch means rows 0..n-1 are still those rows, and it reads the runs
 * appended since; another epoch reloads it. A held scope at least as current is kept.
 */
export function adoptScope(db: DB, snap: ScopeSnapshot) {
  let scopes = cacheByConn.get(db.$client);
  if (!scopes) cacheByConn.set(db.$client, (scopes = new Map()));
  const key = String(snap.study);
  const held = scopes.get(key);
  if (held && held.epoch === snap.epoch && held.n >= snap.n && snap.nums.every(([c]) => held.nums.has(c))) return;
  const cat = (c: { codes: Int32Array; values: string[] }): CategoryArray => ({
    codes: c.codes,
    values: c.values,
    index: new Map(c.values.map((v, k) => [v, k])),
  });
  scopes.delete(key);
  scopes.set(key, {
    study: snap.study,
    n: snap.n,
    cap: snap.id.length,
    epoch: snap.epoch,
    maxId: snap.maxId,
    version: '', // not this connection's: checked on the next read
    id: snap.id,
    simulated: snap.simulated,
    cats: {
      model_id: cat(snap.cats.model_id),
      gpu_model: cat(snap.cats.gpu_model),
      engine_name: cat(snap.cats.engine_name),
      study_id: cat(snap.cats.study_id),
    },
    nums: new Map(snap.nums),
  });
  while (scopes.size > MAX_SCOPES) scopes.delete(scopes.keys().next().value as string);
}

/** Drops every held scope of a connection (benchmarks time a cold read). */
export function clearRunColumns(db: DB) {
  cacheByConn.delete(db.$client);
}
