/**
 * Bulk loads build the runs table's indexes on measured values once at the end, instead of run
 * by run.
 *
 * A metric's values are all different, so each run inserted goes to a random leaf of each metric
 * index; the other indexes (model, GPU, engine, knob grids, the import) have few distinct keys and
 * each run appends to a leaf already in cache. A CLI import of a million runs into an empty
 * database (docs/benchmarks.md, fifteenth session): 72 s with every index kept, 61-65 s with the
 * four metric indexes built at the end (about 7 s of CREATE INDEX), and 79-82 s with all but the
 * de-duplication index built at the end: the inserts get cheaper, but the builds are serial and
 * each scans the whole table. A build sorts every stored run again, so this pays only when the
 * load is larger than what the table already holds.
 *
 * Everything happens inside the import's transaction: a failed import rolls the dropped indexes
 * back with its runs, and other connections (WAL readers) keep seeing the table and its indexes
 * as they were until the commit.
 */
import type { DB } from '@/db/client';
import { METRIC_KEYS } from '@/lib/metrics/keys';

const METRIC_COLUMNS: ReadonlySet<string> = new Set(METRIC_KEYS);

/** A load is taken as large from this many bytes of streamed files. */
export const BULK_MIN_BYTES = 32 * 1024 * 1024;
/** Bytes per run assumed to estimate a file's runs: a run without series is 0.6-1 KB of JSON. */
const BYTES_PER_RUN = 1024;

/**
 * Whether a load of `bytes` of run files should build the metric indexes at the end: large, and
 * at least twice the runs already stored. Not where the database has planner statistics (ANALYZE):
 * dropping an index drops its statistics, and a rebuild would not bring them back.
 */
export function isBulkLoad(db: DB, bytes: number, minBytes = BULK_MIN_BYTES): boolean {
  if (bytes < minBytes) return false;
  const stats = db.$client.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
  if (stats) return false;
  const { n } = db.$client.prepare('SELECT coalesce(sum(n), 0) AS n FROM run_groups').get() as { n: number };
  return bytes / BYTES_PER_RUN >= 2 * n;
}

/**
 * Drops the runs table's indexes on metric columns for the rest of the open transaction and
 * returns what builds them again, from their own CREATE statements as stored in the schema. The
 * caller builds them before it commits; a rollback restores them anyway.
 */
export function dropMetricIndexes(db: DB): () => void {
  const c = db.$client;
  if (!c.inTransaction) throw new Error('dropMetricIndexes: no open transaction');
  const defs = c
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  const firstColumn = c.prepare('SELECT name FROM pragma_index_info(?) WHERE seqno = 0');
  const dropped = defs.filter((d) => {
    const col = (firstColumn.get(d.name) as { name: string } | undefined)?.name;
    return col !== undefined && METRIC_COLUMNS.has(col);
  });
  for (const d of dropped) c.exec(`DROP INDEX "${d.name.replaceAll('"', '""')}"`);
  return () => {
    for (const d of dropped) c.exec(d.sql);
  };
}
