/** Run queries. Each takes the db first so tests can pass an in-memory database. */
import type { Statement } from 'better-sqlite3';
import { and, asc, count, desc, eq, getTableColumns, gte, inArray, like, lte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DB } from '@/db/client';
import { runBlobs, runs, type RunRow } from '@/db/schema';
import { COLUMN_KNOBS, KNOB_COLUMNS, recordToRow, rowToRecord, type ColumnKnob } from '@/db/mappers/run-row';
import { decodeRequests, decodeTrace, encodeRequests, encodeTrace, type BlobLayout } from '@/db/mappers/blobs';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';

export const SORT_KEYS = ['id', 'created_at', 'label', 'model', 'gpu', 'engine', ...COLUMN_KNOBS, ...METRIC_KEYS] as const;
export type SortKey = (typeof SORT_KEYS)[number];

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
  /** Upper bounds on metrics (SLOs) or lower bounds on "higher is better" metrics. */
  metricMax?: Partial<Record<MetricKey, number>>;
  metricMin?: Partial<Record<MetricKey, number>>;
}

export interface ListRunsParams extends RunFilters {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
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

export function runWhere(f: RunFilters): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (f.study !== undefined) c.push(eq(runs.studyId, f.study));
  if (f.model?.length) c.push(inArray(runs.modelId, f.model));
  if (f.gpu?.length) c.push(inArray(runs.gpuModel, f.gpu));
  if (f.engine?.length) c.push(inArray(runs.engineName, f.engine));
  if (f.simulated !== undefined) c.push(eq(runs.simulated, f.simulated));
  if (f.ids?.length) c.push(inArray(runs.id, f.ids));
  if (f.q) c.push(like(runs.label, `%${f.q.replace(/[%_]/g, (m) => `\\${m}`)}%`));
  for (const [k, r] of Object.entries(f.knobs ?? {})) {
    const col = runs[KNOB_COLUMNS[k as ColumnKnob]];
    if (r?.min !== undefined) c.push(gte(col, r.min));
    if (r?.max !== undefined) c.push(lte(col, r.max));
  }
  for (const [k, v] of Object.entries(f.metricMax ?? {})) if (v !== undefined) c.push(lte(runs[k as MetricKey], v));
  for (const [k, v] of Object.entries(f.metricMin ?? {})) if (v !== undefined) c.push(gte(runs[k as MetricKey], v));
  const parts = c.filter(Boolean) as SQL[];
  return parts.length ? and(...parts) : undefined;
}

export function countRuns(db: DB, f: RunFilters = {}): number {
  return db.select({ n: count() }).from(runs).where(runWhere(f)).get()?.n ?? 0;
}

/** A page of runs as rows (the runs table) plus the filtered total. Missing sort values go last. */
export function listRunRows(db: DB, p: ListRunsParams = {}): { total: number; rows: RunRow[] } {
  const where = runWhere(p);
  const col = sortColumn(p.sort ?? 'id');
  const dir = p.order === 'asc' ? asc : desc;
  const rows = db
    .select()
    .from(runs)
    .where(where)
    .orderBy(sql`${col} IS NULL`, dir(col), desc(runs.id))
    .limit(Math.min(p.limit ?? 50, 1000))
    .offset(p.offset ?? 0)
    .all();
  return { total: countRuns(db, p), rows };
}

export function listRuns(db: DB, p: ListRunsParams = {}): { total: number; runs: RunRecord[] } {
  const { total, rows } = listRunRows(db, p);
  return { total, runs: rows.map(rowToRecord) };
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

// Column list of the runs table, in schema order (for the prepared bulk insert below).
const RUN_COLUMN_PROPS = Object.keys(getTableColumns(runs)).filter((k) => k !== 'id');
const insertStmts = new WeakMap<object, { run: Statement; blob: Statement; exists: Statement }>();

/** Prepared statements per connection: drizzle's builder costs ~ms per 60-column insert. */
function statements(db: DB) {
  let s = insertStmts.get(db.$client);
  if (!s) {
    const cols = getTableColumns(runs) as Record<string, { name: string }>;
    const names = RUN_COLUMN_PROPS.map((p) => `"${cols[p].name}"`);
    s = {
      run: db.$client.prepare(`INSERT INTO runs (${names.join(',')}) VALUES (${RUN_COLUMN_PROPS.map(() => '?').join(',')})`),
      blob: db.$client.prepare('INSERT INTO run_blobs (run_id, kind, layout, data) VALUES (?, ?, ?, ?)'),
      exists: db.$client.prepare('SELECT 1 FROM runs WHERE study_id = ? AND content_hash = ? LIMIT 1'),
    };
    insertStmts.set(db.$client, s);
  }
  return s;
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
  for (const r of records) {
    const row = recordToRow(r, studyId, { importId: extra.importId ?? null, sweepPointId: extra.sweepPointId ?? null });
    if (extra.dedupe !== false && st.exists.get(studyId, row.contentHash)) {
      duplicates++;
      continue;
    }
    const id = Number(st.run.run(...RUN_COLUMN_PROPS.map((p) => sqlValue((row as Record<string, unknown>)[p]))).lastInsertRowid);
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
  return db.update(runs).set({ studyId: toStudyId }).where(inArray(runs.id, ids)).run().changes;
}

export function deleteRuns(db: DB, ids: number[]): number {
  if (!ids.length) return 0;
  return db.delete(runs).where(inArray(runs.id, ids)).run().changes;
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
