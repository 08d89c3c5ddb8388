/** Writing runs: bulk insert (prepared statements, de-duplication by content hash), move, delete. */
import type { Statement } from 'better-sqlite3';
import { getTableColumns } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { GROUP_COUNTED_COLUMNS, nnColumn, runs, type NewRunRow } from '@/db/schema';
import { recordToValues, RUN_COLUMN_PROPS } from '@/db/mappers/run-row';
import { encodeRequests, encodeTrace } from '@/db/mappers/blobs';
import type { RunRecord } from '@/lib/record/schema';
import { idIn } from './filters';

export interface InsertRunsResult {
  ids: number[];
  duplicates: number;
}

const insertStmts = new WeakMap<
  object,
  { run: Statement; blob: Statement; exists: Statement; any: Statement; group: Statement }
>();

/** Prepared statements per connection: drizzle's builder costs ~ms per 60-column insert. */
function statements(db: DB) {
  let s = insertStmts.get(db.$client);
  if (!s) {
    s = {
      run: db.$client.prepare(runInsertSql()),
      blob: db.$client.prepare('INSERT INTO run_blobs (run_id, kind, layout, data) VALUES (?, ?, ?, ?)'),
      // INDEXED BY: one seek in (study_id, content_hash), never a scan of the study (and an error if the index is missing).
      exists: db.$client.prepare(
        'SELECT 1 FROM runs INDEXED BY runs_study_hash_idx WHERE study_id = ? AND content_hash = ? LIMIT 1',
      ),
      any: db.$client.prepare('SELECT 1 FROM runs WHERE study_id = ? LIMIT 1'),
      group: db.$client.prepare(groupUpsertSql()),
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

/** Positions of run_groups' columns in a row's values (RUN_COLUMN_PROPS order). */
const GROUP_COLS = (['modelId', 'gpuModel', 'engineName', 'simulated'] as const).map((p) =>
  RUN_COLUMN_PROPS.indexOf(p),
);

/** Positions of the counted columns (run_groups' nn_<column>) in a row's values. */
const RUN_COLUMNS = getTableColumns(runs) as Record<string, { name: string }>;
const COUNTED_POS = GROUP_COUNTED_COLUMNS.map((c) => {
  const i = RUN_COLUMN_PROPS.findIndex((p) => RUN_COLUMNS[p].name === c);
  if (i < 0) throw new Error(`run_groups counts ${c}, which is not a runs column`);
  return i;
});

/** Adds a batch's group: its run count and, per counted column, how many of its runs have a value. */
function groupUpsertSql(): string {
  const nn = GROUP_COUNTED_COLUMNS.map(nnColumn);
  const cols = ['study_id', 'model_id', 'gpu_model', 'engine_name', 'simulated', 'n', ...nn];
  return (
    `INSERT INTO run_groups (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ` +
    `ON CONFLICT DO UPDATE SET ${['n', ...nn].map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`
  );
}

/**
 * Inserts validated records into a study, skipping ones whose content hash already exists in
 * that study, and adds them to run_groups (one upsert per group, not per run). Synchronous
 * (better-sqlite3); runs in a transaction (a savepoint inside the caller's), so the runs and
 * their group counts commit together.
 */
/**
 * De-duplication state of one study across several insertRuns calls (an import's files and
 * batches): the hashes inserted so far, and whether the study held runs before, in which case each
 * run is also looked up in the index. A study that started empty needs no lookups at all.
 */
export interface DedupeScope {
  studyId: number;
  seen: Set<string>;
  lookups: boolean;
}

export function dedupeScope(db: DB, studyId: number): DedupeScope {
  return { studyId, seen: new Set(), lookups: !!statements(db).any.get(studyId) };
}

type InsertExtra = { importId?: number; sweepPointId?: number; dedupe?: boolean; scope?: DedupeScope };

export function insertRuns(db: DB, studyId: number, records: RunRecord[], extra: InsertExtra = {}): InsertRunsResult {
  return db.$client.transaction(() => insertRunsNow(db, studyId, records, extra))();
}

/**
 * insertRuns for a caller whose transaction is already open and rolls back as a whole on error
 * (an import's commit): no savepoint of its own. A savepoint makes SQLite copy each page it
 * changes first, and an import in batches changed the same index pages batch after batch.
 */
export function insertRunsInTransaction(
  db: DB,
  studyId: number,
  records: RunRecord[],
  extra: InsertExtra = {},
): InsertRunsResult {
  if (!db.$client.inTransaction) throw new Error('insertRunsInTransaction: no open transaction');
  return insertRunsNow(db, studyId, records, extra);
}

/**
 * A run ready for the INSERT: its content hash, its values in RUN_COLUMN_PROPS order (recordToValues)
 * and its series as blobs, encoded only for a run that is stored. An import thread prepares these
 * (lib/services/import-pipeline.ts) so that the committing thread only inserts them.
 */
export interface PreparedRun {
  hash: string;
  values: unknown[];
  blobs?: () => RunBlob[];
}
export interface RunBlob {
  kind: 'trace' | 'requests';
  /** The blob's column layout, as JSON text. */
  layout: string;
  data: Uint8Array;
}

/** The series of a record as blobs (db/mappers/blobs.ts). */
export function recordBlobs(r: RunRecord): RunBlob[] {
  const out: RunBlob[] = [];
  if (r.trace) {
    const b = encodeTrace(r.trace);
    out.push({ kind: 'trace', layout: JSON.stringify(b.layout), data: b.data });
  }
  if (r.requests) {
    const b = encodeRequests(r.requests);
    out.push({ kind: 'requests', layout: JSON.stringify(b.layout), data: b.data });
  }
  return out;
}

function* prepare(records: RunRecord[], studyId: number, extra: InsertExtra): Generator<PreparedRun> {
  for (const r of records) {
    const { hash, values } = recordToValues(r, studyId, extra.importId ?? null, extra.sweepPointId ?? null);
    yield { hash, values, blobs: r.trace || r.requests ? () => recordBlobs(r) : undefined };
  }
}

function insertRunsNow(db: DB, studyId: number, records: RunRecord[], extra: InsertExtra): InsertRunsResult {
  return insertPreparedNow(db, studyId, prepare(records, studyId, extra), extra);
}

/** insertRunsInTransaction for runs already prepared (their values name the study and the import). */
export function insertPreparedInTransaction(
  db: DB,
  studyId: number,
  rows: Iterable<PreparedRun>,
  extra: InsertExtra = {},
): InsertRunsResult {
  if (!db.$client.inTransaction) throw new Error('insertPreparedInTransaction: no open transaction');
  return insertPreparedNow(db, studyId, rows, extra);
}

function insertPreparedNow(db: DB, studyId: number, rows: Iterable<PreparedRun>, extra: InsertExtra): InsertRunsResult {
  const ids: number[] = [];
  let duplicates = 0;
  const st = statements(db);
  const dedupe = extra.dedupe !== false;
  if (extra.scope && extra.scope.studyId !== studyId) throw new Error('insertRuns: dedupe scope of another study');
  const scope = extra.scope ?? (dedupe ? dedupeScope(db, studyId) : undefined);
  // A study without runs needs no lookups: duplicates can only come from this import (a Set).
  const studyEmpty = !scope?.lookups;
  const seen = scope?.seen ?? new Set<string>();
  const groups = new Map<string, { key: unknown[]; n: number; nn: Int32Array }>();
  for (const { hash, values, blobs } of rows) {
    if (dedupe) {
      if (seen.has(hash) || (!studyEmpty && st.exists.get(studyId, hash))) {
        duplicates++;
        continue;
      }
      seen.add(hash);
    }
    const id = Number(st.run.run(values).lastInsertRowid);
    for (const b of blobs?.() ?? []) st.blob.run(id, b.kind, b.layout, b.data);
    const key = GROUP_COLS.map((i) => sqlValue(values[i]));
    const k = key.join('\u0000');
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, n: 0, nn: new Int32Array(COUNTED_POS.length) }));
    g.n++;
    for (let j = 0; j < COUNTED_POS.length; j++) if (values[COUNTED_POS[j]] != null) g.nn[j]++;
    ids.push(id);
  }
  for (const g of groups.values()) st.group.run(studyId, ...g.key, g.n, ...g.nn);
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

/**
 * Recomputes run_groups from runs (one GROUP BY). For rows written by a bare INSERT that bypassed
 * insertRuns (benchmark baselines); the app itself always goes through insertRuns.
 */
export function rebuildRunGroups(db: DB) {
  db.$client.transaction(() => {
    const nn = GROUP_COUNTED_COLUMNS.map(nnColumn).join(', ');
    const counts = GROUP_COUNTED_COLUMNS.map((c) => `count("${c}")`).join(', ');
    db.$client.exec(`DELETE FROM run_groups;
      INSERT INTO run_groups (study_id, model_id, gpu_model, engine_name, simulated, n, ${nn})
      SELECT study_id, model_id, gpu_model, engine_name, simulated, count(*), ${counts} FROM runs GROUP BY 1, 2, 3, 4, 5`);
  })();
}
