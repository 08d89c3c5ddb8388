/** The runs table: filtered, sorted pages (offset or keyset), counts, and single runs. */
import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { runBlobs, runs, type RunRow } from '@/db/schema';
import { rowToRecord } from '@/db/mappers/run-row';
import { decodeRequests, decodeTrace, type BlobLayout } from '@/db/mappers/blobs';
import { versionedCache } from '@/db/queries/data-version';
import type { RunRecord } from '@/lib/record/schema';
import { ValidationError } from '@/lib/errors';
import {
  encodeCursor,
  isIndexedSort,
  NOT_NULL_SORTS,
  sortColumn,
  sortProp,
  type RunCursor,
  type SortKey,
} from './cursor';
import { idIn, isGroupFilter, runWhere, type RunFilters } from './filters';
import { groupCount } from './facets';
import { memoryPage, memoryPageApplies } from './memory-page';

export interface ListRunsParams extends RunFilters {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  /** Keyset pagination: rows after this cursor (offset is then ignored). */
  cursor?: RunCursor;
}

/**
 * Counts, keyed by the WHERE clause and valid while the runs they count are unchanged (data version):
 * paging through a filtered runs table pays the exact count once, not on every page.
 */
const countCache = versionedCache<number>('run-counts', 200);

/** Forgets the cached counts of a connection (benchmarks time the uncached query). */
export function clearRunCountCache(db: DB) {
  countCache.clear(db);
}

/**
 * Runs matching a filter. A filter on study / model / GPU / engine / simulated only is answered
 * from run_groups (a few hundred rows, kept by triggers) instead of counting runs.
 */
export function countRuns(db: DB, f: RunFilters = {}): number {
  if (isGroupFilter(f)) return groupCount(db, f);
  const q = db.select({ n: count() }).from(runs).where(runWhere(f));
  const { sql: text, params } = q.toSQL();
  return countCache.get(db, `${text}\u0000${JSON.stringify(params)}`, () => q.get()?.n ?? 0, f.study ?? 'all');
}

/** ORDER BY terms: the sort column (missing values last in both directions), then id the same way. */
function orderTerms(key: SortKey, order: 'asc' | 'desc', opts: { noSortIndex?: boolean } = {}): SQL[] {
  const c = sortColumn(key);
  const dir = order === 'asc' ? sql`ASC` : sql`DESC`;
  if (key === 'id') return [sql`${runs.id} ${dir}`];
  const expr = opts.noSortIndex ? sql`+${c}` : sql`${c}`;
  return NOT_NULL_SORTS.has(key)
    ? [sql`${expr} ${dir}`, sql`${runs.id} ${dir}`]
    : [sql`${expr} ${dir} NULLS LAST`, sql`${runs.id} ${dir}`];
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
export function listRunRows(
  db: DB,
  p: ListRunsParams = {},
  opts: { sqlOnly?: boolean } = {},
): { total: number; rows: RunRow[]; nextCursor: RunCursor | null } {
  const key = p.sort ?? 'id';
  const order: 'asc' | 'desc' = p.order === 'asc' ? 'asc' : 'desc';
  const limit = Math.max(1, Math.min(p.limit ?? 50, 1000));
  if (p.cursor && (p.cursor.sort !== key || p.cursor.order !== order))
    throw new ValidationError('cursor: it was made for another sort or order; start again without a cursor');
  const { total, ids } =
    !opts.sqlOnly && memoryPageApplies(p)
      ? memoryPage(db, { ...p, sort: key, order, limit, offset: Math.max(0, p.offset ?? 0) })
      : sqlPage(db, p);
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

/** Page ids and total through SQLite (any filter; see listRunRows for the index use). */
function sqlPage(db: DB, p: ListRunsParams): { total: number; ids: number[] } {
  const plan = pagePlan(db, p);
  const { limit, total } = plan;
  if (total === 0) return { total, ids: [] };
  const pageIds = (extra: SQL | undefined, n: number, offset: number) =>
    pageIdQuery(db, plan, extra, n, offset)
      .all()
      .map((r) => r.id);
  if (!p.cursor) return { total, ids: pageIds(undefined, limit, Math.max(0, p.offset ?? 0)) };
  const a = afterCursor(p.cursor);
  let ids = a.nonNull ? pageIds(a.nonNull, limit, 0) : [];
  if (ids.length < limit) ids = ids.concat(pageIds(a.nullPart, limit - ids.length, 0));
  return { total, ids };
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
  if (isIndexedSort(key) && runWhere(p) !== undefined) {
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
  const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as {
    detail: string;
  }[];
  return { sql: q.sql, plan: rows.map((r) => r.detail) };
}

export function listRuns(
  db: DB,
  p: ListRunsParams = {},
): { total: number; runs: RunRecord[]; nextCursor: string | null } {
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
