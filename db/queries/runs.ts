/** Run queries. Each takes the db first so tests can pass an in-memory database. */
import type { Statement } from 'better-sqlite3';
import { isReservedKey } from '@/lib/safe-keys';
import { and, asc, count, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DB } from '@/db/client';
import { INDEXED_KNOBS, INDEXED_METRICS, runBlobs, runs, type NewRunRow, type RunRow } from '@/db/schema';
import { COLUMN_KNOBS, KNOB_COLUMNS, recordToValues, rowToRecord, RUN_COLUMN_PROPS, type ColumnKnob } from '@/db/mappers/run-row';
import { decodeRequests, decodeTrace, encodeRequests, encodeTrace, type BlobLayout } from '@/db/mappers/blobs';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import { ValidationError } from '@/lib/errors';

export const SORT_KEYS = ['id', 'created_at', 'label', 'model', 'gpu', 'engine', ...COLUMN_KNOBS, ...METRIC_KEYS] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Free-form ("extra") knob names usable in filters: letters, digits, `_` and `-`, up to 64 characters. */
export const EXTRA_KNOB_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export interface ExtraKnobFilter {
  /** Equality: strings compare as text; a numeric or boolean value also matches its JSON number/boolean. */
  eq?: string | number | boolean;
  /** Inclusive numeric bounds (only numeric JSON values match). */
  min?: number;
  max?: number;
}

export interface RunFilters {
  study?: number;
  model?: string[];
  gpu?: string[];
  engine?: string[];
  simulated?: boolean;
  q?: string;
  ids?: number[];
  /** Inclusive ranges on typed knob columns, e.g. { max_num_seqs: { min: 64 } }. */
  knobs?: Partial<Record<ColumnKnob, { min?: number; max?: number }>>;
  /** Free-form knobs (stored in the JSON doc), e.g. { run_tag: { eq: 'baseline' } }. Names must match EXTRA_KNOB_NAME. */
  extraKnobs?: Record<string, ExtraKnobFilter>;
  /** Upper bounds on metrics (SLOs) or lower bounds on "higher is better" metrics. */
  metricMax?: Partial<Record<MetricKey, number>>;
  metricMin?: Partial<Record<MetricKey, number>>;
}

/** Keyset position: the sort value and id of the last row of the previous page. */
export interface RunCursor {
  sort: SortKey;
  order: 'asc' | 'desc';
  /** Sort value of the last row (null when it had none). Unused for the id sort. */
  v: number | string | null;
  id: number;
}

export interface ListRunsParams extends RunFilters {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  /** Keyset pagination: rows after this cursor (offset is then ignored). */
  cursor?: RunCursor;
}

export function sortColumn(key: SortKey): SQLiteColumn {
  switch (key) {
    case 'id':
      return runs.id;
    case 'created_at':
      return runs.createdAt;
    case 'label':
      return runs.label;
    case 'model':
      return runs.modelId;
    case 'gpu':
      return runs.gpuModel;
    case 'engine':
      return runs.engineName;
    default:
      if (key in KNOB_COLUMNS) return runs[KNOB_COLUMNS[key as ColumnKnob]];
      return runs[key as MetricKey];
  }
}

/** Row property of a sort key's column. */
function sortProp(key: SortKey): string {
  const props: Partial<Record<SortKey, string>> = { id: 'id', created_at: 'createdAt', label: 'label', model: 'modelId', gpu: 'gpuModel', engine: 'engineName' };
  return props[key] ?? (key in KNOB_COLUMNS ? KNOB_COLUMNS[key as ColumnKnob] : key);
}

/** Sort keys whose column is NOT NULL (no NULLS LAST handling needed). */
const NOT_NULL_SORTS = new Set<SortKey>(['id', 'created_at', 'label', 'model', 'gpu', 'engine']);
/** Sort keys backed by a single-column index (rowid is its implicit last column). */
const INDEXED_SORTS = new Set<SortKey>(['id', 'model', 'gpu', 'engine', ...INDEXED_KNOBS, ...INDEXED_METRICS]);
export const isIndexedSort = (k: SortKey) => INDEXED_SORTS.has(k);

/** `id IN (...)` as one JSON parameter: any number of ids (SQL variables are capped at 32766). */
const idIn = (ids: number[]) => sql`${runs.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** JSON path of a free-form knob in the doc column (bound as a parameter, never interpolated). */
function extraKnobPath(name: string): string {
  if (!EXTRA_KNOB_NAME.test(name) || isReservedKey(name)) throw new ValidationError(`invalid knob name "${name.slice(0, 80)}": use letters, digits, "_" or "-" (at most 64 characters)`);
  return `$.knobs_extra."${name}"`;
}

/**
 * WHERE clause of a run filter. `noIndex` prefixes filter columns with unary `+` so SQLite
 * cannot use their indexes: listRunRows uses it when a broad filter would otherwise make the
 * planner pick a filter index plus a temp B-tree sort instead of walking the sort index.
 */
export function runWhere(f: RunFilters, opts: { noIndex?: boolean } = {}): SQL | undefined {
  const c: SQL[] = [];
  const col = (x: SQLiteColumn) => (opts.noIndex ? sql`+${x}` : sql`${x}`);
  const inList = (x: SQLiteColumn, vals: string[]) => sql`${col(x)} IN (${sql.join(vals.map((v) => sql`${v}`), sql`, `)})`;
  if (f.study !== undefined) c.push(sql`${col(runs.studyId)} = ${f.study}`);
  if (f.model?.length) c.push(inList(runs.modelId, f.model));
  if (f.gpu?.length) c.push(inList(runs.gpuModel, f.gpu));
  if (f.engine?.length) c.push(inList(runs.engineName, f.engine));
  if (f.simulated !== undefined) c.push(sql`${col(runs.simulated)} = ${f.simulated ? 1 : 0}`);
  // One JSON parameter instead of one SQL variable per id (SQLite allows at most 32766).
  if (f.ids?.length) c.push(idIn(f.ids));
  if (f.q) c.push(sql`${runs.label} LIKE ${`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`);
  for (const [k, r] of Object.entries(f.knobs ?? {})) {
    const x = runs[KNOB_COLUMNS[k as ColumnKnob]];
    if (r?.min !== undefined) c.push(sql`${col(x)} >= ${r.min}`);
    if (r?.max !== undefined) c.push(sql`${col(x)} <= ${r.max}`);
  }
  for (const [name, r] of Object.entries(f.extraKnobs ?? {})) {
    const path = extraKnobPath(name);
    const v = sql`json_extract(${runs.doc}, ${path})`;
    if (r.eq !== undefined) {
      const alts: unknown[] = [String(r.eq)];
      if (typeof r.eq === 'number') alts.push(r.eq);
      else if (typeof r.eq === 'boolean') alts.push(r.eq ? 1 : 0);
      else if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(r.eq.trim())) alts.push(Number(r.eq));
      else if (r.eq === 'true' || r.eq === 'false') alts.push(r.eq === 'true' ? 1 : 0);
      c.push(sql`${v} IN (${sql.join(alts.map((a) => sql`${a}`), sql`, `)})`);
    }
    if (r.min !== undefined || r.max !== undefined) c.push(sql`json_type(${runs.doc}, ${path}) IN ('integer', 'real')`);
    if (r.min !== undefined) c.push(sql`${v} >= ${r.min}`);
    if (r.max !== undefined) c.push(sql`${v} <= ${r.max}`);
  }
  for (const [k, v] of Object.entries(f.metricMax ?? {})) if (v !== undefined) c.push(sql`${col(runs[k as MetricKey])} <= ${v}`);
  for (const [k, v] of Object.entries(f.metricMin ?? {})) if (v !== undefined) c.push(sql`${col(runs[k as MetricKey])} >= ${v}`);
  return c.length ? and(...c) : undefined;
}

const hasFilters = (f: RunFilters) => runWhere(f) !== undefined;

/**
 * Counts per connection, keyed by the WHERE clause and valid while the database is unchanged
 * (PRAGMA data_version moves on commits by other connections, total_changes() on this one's):
 * paging through a filtered runs table pays the exact count once, not on every page.
 */
const countCache = new WeakMap<object, { version: string; map: Map<string, number> }>();
const changesStmt = new WeakMap<object, Statement>();
function dbVersion(db: DB): string {
  let st = changesStmt.get(db.$client);
  if (!st) changesStmt.set(db.$client, (st = db.$client.prepare('SELECT total_changes() AS n')));
  return `${db.$client.pragma('data_version', { simple: true })}:${(st.get() as { n: number }).n}`;
}

/** Forgets the cached counts of a connection (benchmarks time the uncached query). */
export function clearRunCountCache(db: DB) {
  countCache.delete(db.$client);
}

export function countRuns(db: DB, f: RunFilters = {}): number {
  const q = db.select({ n: count() }).from(runs).where(runWhere(f));
  const { sql: text, params } = q.toSQL();
  const key = `${text}\u0000${JSON.stringify(params)}`;
  const version = dbVersion(db);
  let c = countCache.get(db.$client);
  if (!c || c.version !== version) countCache.set(db.$client, (c = { version, map: new Map() }));
  const hit = c.map.get(key);
  if (hit !== undefined) return hit;
  const n = q.get()?.n ?? 0;
  if (c.map.size >= 200) c.map.clear();
  c.map.set(key, n);
  return n;
}

/** ORDER BY terms: the sort column (missing values last in both directions), then id the same way. */
function orderTerms(key: SortKey, order: 'asc' | 'desc', opts: { noSortIndex?: boolean } = {}): SQL[] {
  const c = sortColumn(key);
  const dir = order === 'asc' ? sql`ASC` : sql`DESC`;
  if (key === 'id') return [sql`${runs.id} ${dir}`];
  const expr = opts.noSortIndex ? sql`+${c}` : sql`${c}`;
  return NOT_NULL_SORTS.has(key) ? [sql`${expr} ${dir}`, sql`${runs.id} ${dir}`] : [sql`${expr} ${dir} NULLS LAST`, sql`${runs.id} ${dir}`];
}

/** Keyset condition for the rows after `cur` (row values use the sort index). */
function afterCursor(cur: RunCursor): { nonNull?: SQL; nullPart: SQL } {
  const c = sortColumn(cur.sort);
  const cmp = cur.order === 'asc' ? sql`>` : sql`<`;
  if (cur.sort === 'id') return { nullPart: sql`${runs.id} ${cmp} ${cur.id}` };
  if (NOT_NULL_SORTS.has(cur.sort)) return { nullPart: sql`(${c}, ${runs.id}) ${cmp} (${cur.v}, ${cur.id})` };
  // Nullable column, NULLS LAST: after a non-null value come the larger/smaller non-null values,
  // then every NULL row; after a NULL row only NULL rows with a later id.
  if (cur.v === null) return { nullPart: sql`${c} IS NULL AND ${runs.id} ${cmp} ${cur.id}` };
  return { nonNull: sql`(${c}, ${runs.id}) ${cmp} (${cur.v}, ${cur.id})`, nullPart: sql`${c} IS NULL` };
}

/** Below this share of matching runs, a filter index + sort beats walking the sort index. */
const BROAD_FILTER_SHARE = 0.01;

/**
 * A page of runs as rows (the runs table) plus the filtered total. Missing sort values go last in
 * both directions; ties break on id in the same direction. Index use (docs/run-record.md):
 *  - the id sort and every indexed sort column walk their index (`ORDER BY col NULLS LAST, id`);
 *  - with a filter matching >= 1% of runs, filter columns are hidden from the planner (unary +)
 *    so it walks the sort index and stops after one page; with a narrower filter it uses the
 *    filter's index and sorts the few matches;
 *  - the page is picked by id first (covering index scan, cheap even at deep offsets), then the
 *    full rows of that page are read;
 *  - `cursor` (keyset) skips the offset walk altogether.
 */
export function listRunRows(db: DB, p: ListRunsParams = {}): { total: number; rows: RunRow[]; nextCursor: RunCursor | null } {
  const plan = pagePlan(db, p);
  const { key, order, limit, total } = plan;
  if (total === 0) return { total, rows: [], nextCursor: null };
  const pageIds = (extra: SQL | undefined, n: number, offset: number) => pageIdQuery(db, plan, extra, n, offset).all().map((r) => r.id);
  let ids: number[];
  if (p.cursor) {
    if (p.cursor.sort !== key || p.cursor.order !== order) throw new ValidationError('cursor: it was made for another sort or order; start again without a cursor');
    const a = afterCursor(p.cursor);
    ids = a.nonNull ? pageIds(a.nonNull, limit, 0) : [];
    if (ids.length < limit) ids = ids.concat(pageIds(a.nullPart, limit - ids.length, 0));
  } else ids = pageIds(undefined, limit, Math.max(0, p.offset ?? 0));
  if (!ids.length) return { total, rows: [], nextCursor: null };
  const rows = db
    .select()
    .from(runs)
    .where(idIn(ids))
    .orderBy(...orderTerms(key, order, { noSortIndex: true }))
    .all();
  const last = rows[rows.length - 1];
  const lastV = (last as Record<string, unknown>)[sortProp(key)] as number | string | null;
  const nextCursor = rows.length === limit ? { sort: key, order, v: lastV ?? null, id: last.id } : null;
  return { total, rows, nextCursor };
}

interface PagePlan {
  key: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  total: number;
  where: (extra?: SQL) => SQL | undefined;
  terms: SQL[];
}

function pagePlan(db: DB, p: ListRunsParams): PagePlan {
  const key = p.sort ?? 'id';
  const order: 'asc' | 'desc' = p.order === 'asc' ? 'asc' : 'desc';
  const limit = Math.max(1, Math.min(p.limit ?? 50, 1000));
  const total = countRuns(db, p);
  let noIndex = false;
  let noSortIndex = false;
  if (isIndexedSort(key) && hasFilters(p)) {
    if (total >= BROAD_FILTER_SHARE * countRuns(db)) noIndex = true;
    else noSortIndex = true;
  }
  return {
    key,
    order,
    limit,
    total,
    where: (extra?: SQL) => and(runWhere(p, { noIndex }), extra),
    terms: orderTerms(key, order, { noSortIndex }),
  };
}

/** Ids of one page, in order: only the sort index (or the filter's) is read, not the rows. */
function pageIdQuery(db: DB, plan: PagePlan, extra: SQL | undefined, n: number, offset: number) {
  return db
    .select({ id: runs.id })
    .from(runs)
    .where(plan.where(extra))
    .orderBy(...plan.terms)
    .limit(n)
    .offset(offset);
}

/** EXPLAIN QUERY PLAN of the page query listRunRows runs for `p` (benchmarks and tests). */
export function explainRunPage(db: DB, p: ListRunsParams = {}): { sql: string; plan: string[] } {
  const plan = pagePlan(db, p);
  const q = pageIdQuery(db, plan, undefined, plan.limit, Math.max(0, p.offset ?? 0)).toSQL();
  const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as { detail: string }[];
  return { sql: q.sql, plan: rows.map((r) => r.detail) };
}

/** Opaque cursor for the API (base64url JSON). */
export function encodeCursor(c: RunCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.v, c.id])).toString('base64url');
}

export function decodeCursor(s: string): RunCursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('cursor: malformed');
  }
  if (
    !Array.isArray(v) ||
    v.length !== 4 ||
    !(SORT_KEYS as readonly unknown[]).includes(v[0]) ||
    (v[1] !== 'asc' && v[1] !== 'desc') ||
    !(v[2] === null || typeof v[2] === 'number' || typeof v[2] === 'string') ||
    !Number.isInteger(v[3])
  )
    throw new ValidationError('cursor: malformed');
  return { sort: v[0] as SortKey, order: v[1], v: v[2], id: v[3] };
}

export function listRuns(db: DB, p: ListRunsParams = {}): { total: number; runs: RunRecord[]; nextCursor: string | null } {
  const { total, rows, nextCursor } = listRunRows(db, p);
  return { total, runs: rows.map(rowToRecord), nextCursor: nextCursor ? encodeCursor(nextCursor) : null };
}

export function getRunRow(db: DB, id: number): RunRow | undefined {
  return db.select().from(runs).where(eq(runs.id, id)).get();
}

/** The full record, with trace and per-request samples when stored. */
export function getRun(db: DB, id: number, opts: { series?: boolean } = { series: true }): RunRecord | undefined {
  const row = getRunRow(db, id);
  if (!row) return undefined;
  const rec = rowToRecord(row);
  if (opts.series) {
    for (const b of db.select().from(runBlobs).where(eq(runBlobs.runId, id)).all()) {
      if (b.kind === 'trace') rec.trace = decodeTrace(b.layout as BlobLayout, b.data);
      if (b.kind === 'requests') rec.requests = decodeRequests(b.layout as BlobLayout, b.data);
    }
  }
  return rec;
}

export interface InsertRunsResult {
  ids: number[];
  duplicates: number;
}

const insertStmts = new WeakMap<object, { run: Statement; blob: Statement; exists: Statement; any: Statement }>();

/** Prepared statements per connection: drizzle's builder costs ~ms per 60-column insert. */
function statements(db: DB) {
  let s = insertStmts.get(db.$client);
  if (!s) {
    s = {
      run: db.$client.prepare(runInsertSql()),
      blob: db.$client.prepare('INSERT INTO run_blobs (run_id, kind, layout, data) VALUES (?, ?, ?, ?)'),
      // INDEXED BY: one seek in (study_id, content_hash), never a scan of the study (and an error if the index is missing).
      exists: db.$client.prepare('SELECT 1 FROM runs INDEXED BY runs_study_hash_idx WHERE study_id = ? AND content_hash = ? LIMIT 1'),
      any: db.$client.prepare('SELECT 1 FROM runs WHERE study_id = ? LIMIT 1'),
    };
    insertStmts.set(db.$client, s);
  }
  return s;
}

/** The bulk INSERT statement text and a row's values for it (also used by bench/store.ts's raw baseline). */
export function runInsertSql(): string {
  const cols = getTableColumns(runs) as Record<string, { name: string }>;
  return `INSERT INTO runs (${RUN_COLUMN_PROPS.map((p) => `"${cols[p].name}"`).join(',')}) VALUES (${RUN_COLUMN_PROPS.map(() => '?').join(',')})`;
}
export function runRowValues(row: NewRunRow): unknown[] {
  return RUN_COLUMN_PROPS.map((p) => sqlValue((row as Record<string, unknown>)[p]));
}

function sqlValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v);
  return v;
}

/**
 * Inserts validated records into a study, skipping ones whose content hash already exists in
 * that study. Synchronous (better-sqlite3); wrap calls in db.transaction for atomic batches.
 */
export function insertRuns(
  db: DB,
  studyId: number,
  records: RunRecord[],
  extra: { importId?: number; sweepPointId?: number; dedupe?: boolean } = {},
): InsertRunsResult {
  const ids: number[] = [];
  let duplicates = 0;
  const st = statements(db);
  const dedupe = extra.dedupe !== false;
  // A study without runs needs no lookups: duplicates can only come from this batch (a Set).
  const studyEmpty = dedupe && !st.any.get(studyId);
  const seen = new Set<string>();
  for (const r of records) {
    const { hash, values } = recordToValues(r, studyId, extra.importId ?? null, extra.sweepPointId ?? null);
    if (dedupe) {
      if (seen.has(hash) || (!studyEmpty && st.exists.get(studyId, hash))) {
        duplicates++;
        continue;
      }
      seen.add(hash);
    }
    const id = Number(st.run.run(values).lastInsertRowid);
    if (r.trace) {
      const b = encodeTrace(r.trace);
      st.blob.run(id, 'trace', JSON.stringify(b.layout), b.data);
    }
    if (r.requests) {
      const b = encodeRequests(r.requests);
      st.blob.run(id, 'requests', JSON.stringify(b.layout), b.data);
    }
    ids.push(id);
  }
  return { ids, duplicates };
}

export function moveRuns(db: DB, ids: number[], toStudyId: number): number {
  if (!ids.length) return 0;
  return db.update(runs).set({ studyId: toStudyId }).where(idIn(ids)).run().changes;
}

export function deleteRuns(db: DB, ids: number[]): number {
  if (!ids.length) return 0;
  return db.delete(runs).where(idIn(ids)).run().changes;
}

/** Distinct values for the filter pickers (index-only scans). */
export function runFacets(db: DB, study?: number) {
  const w = study !== undefined ? eq(runs.studyId, study) : undefined;
  const distinct = (col: SQLiteColumn) =>
    db
      .selectDistinct({ v: col })
      .from(runs)
      .where(w)
      .orderBy(asc(col))
      .all()
      .map((r) => r.v as string);
  return { models: distinct(runs.modelId), gpus: distinct(runs.gpuModel), engines: distinct(runs.engineName) };
}

/** Distinct values of one typed knob (for sensitivity views and filters). */
export function knobValues(db: DB, knob: ColumnKnob, f: RunFilters = {}): number[] {
  const col = runs[KNOB_COLUMNS[knob]];
  return db
    .selectDistinct({ v: col })
    .from(runs)
    .where(and(runWhere(f), sql`${col} IS NOT NULL`))
    .orderBy(asc(col))
    .limit(200)
    .all()
    .map((r) => Number(r.v));
}
