/**
 * Store benchmark (fixed seed): `npx tsx bench/store.ts [N=1000000] [chunk=100000]`.
 *
 * 1. Bulk insert of N synthetic runs in ONE transaction, into two databases with the same schema
 *    (migrations, every index):
 *    - baseline: raw better-sqlite3, one INSERT prepared once, rows precomputed before timing
 *      (record -> row mapping and value arrays are not timed), no de-duplication lookups;
 *    - joulebench: insertRuns (record -> row mapping, content hash, dedupe lookup, prepared insert).
 *    Records are generated in chunks outside the timed sections (memory stays bounded). Both run
 *    with the page cache the CLI's import gets (db/write-cache.ts).
 * 2. Runs-table queries through listRunRows (count + page), against the straightforward SQL as raw
 *    prepared statements (prepared once) on the baseline database: the default page (id sort), a
 *    deep offset, a filter + metric sort, its deep page, a keyset page; plus the pre-fix ORDER BY
 *    (`col IS NULL, col, id DESC`) for reference. Median of 7, with the count computed each time
 *    (and again with it cached, as when paging); EXPLAIN QUERY PLAN printed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import { openDb, type DB } from '@/db/client';
import { recordToRow } from '@/db/mappers/run-row';
import {
  clearRunCountCache,
  explainRunPage,
  insertRuns,
  listRunRows,
  runInsertSql,
  runRowValues,
  type ListRunsParams,
} from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { withWriteCache } from '@/db/write-cache';
import type { RunRecord } from '@/lib/record/schema';
import { median } from './rng';
import { syntheticRuns } from './synthetic-runs';

const N = Number(process.argv[2] ?? 1_000_000);
const CHUNK = Number(process.argv[3] ?? 100_000);
const REPS = 7;
process.env.JOULEBENCH_DEMO = '0';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bench-store-'));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function* chunks(): Generator<RunRecord[]> {
  let buf: RunRecord[] = [];
  for (const r of syntheticRuns(N)) {
    buf.push(r);
    if (buf.length === CHUNK) {
      yield buf;
      buf = [];
    }
  }
  if (buf.length) yield buf;
}

/** Times only `insert` calls (and the COMMIT) inside one transaction over all chunks. */
function bulk(
  label: string,
  db: DB,
  prepare: (recs: RunRecord[], studyId: number) => unknown,
  insert: (prepared: unknown, studyId: number) => void,
) {
  const study = createStudy(db, { name: 'bench' });
  let ms = 0;
  // The page cache the CLI's import gets (db/write-cache.ts), on both databases.
  withWriteCache(db, () => {
    db.$client.exec('BEGIN');
    for (const recs of chunks()) {
      const prepared = prepare(recs, study.id);
      const t = performance.now();
      insert(prepared, study.id);
      ms += performance.now() - t;
    }
    const t = performance.now();
    db.$client.exec('COMMIT');
    ms += performance.now() - t;
  });
  const rate = N / (ms / 1000);
  console.log(`  ${label.padEnd(58)} ${(ms / 1000).toFixed(1).padStart(6)} s ${fmt(rate).padStart(10)} runs/s`);
  return rate;
}

console.log(
  `store benchmark: ${fmt(N)} synthetic runs (seed 42), one transaction, chunks of ${fmt(CHUNK)} generated untimed; file DBs (WAL) in ${dir}`,
);
console.log('bulk insert:');
const baseDb = openDb(path.join(dir, 'base.db'));
const appDb = openDb(path.join(dir, 'app.db'));
let stmt: Statement | undefined;
const baseRate = bulk(
  'baseline: raw prepared INSERT, rows precomputed',
  baseDb,
  (recs, studyId) => recs.map((r) => runRowValues(recordToRow(r, studyId))),
  (rows) => {
    stmt ??= baseDb.$client.prepare(runInsertSql());
    for (const v of rows as unknown[][]) stmt.run(...v);
  },
);
// Untimed: write the baseline's gigabyte out before the second run, so the kernel's writeback of
// the first file does not slow whichever runs second.
baseDb.$client.pragma('wal_checkpoint(TRUNCATE)');
execFileSync('sync');
let dups = 0;
const appRate = bulk(
  'joulebench insertRuns (map + content hash + dedupe + insert)',
  appDb,
  (recs) => recs,
  (recs, studyId) => {
    dups += insertRuns(appDb, studyId, recs as RunRecord[]).duplicates;
  },
);
console.log(
  `  ratio joulebench / baseline: ${(appRate / baseRate).toFixed(2)}x; targets (issue 11, DESIGN.md): >= 20,000 runs/s ${appRate >= 20_000 ? 'met' : 'NOT met'}, >= 0.5x ${appRate / baseRate >= 0.5 ? 'met' : 'NOT met'} (${dups} duplicates)`,
);
for (const db of [baseDb, appDb]) db.$client.exec('ANALYZE');

function time(fn: () => unknown, before?: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < REPS; i++) {
    before?.();
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

const raw = (sql: string) => baseDb.$client.prepare(sql);
const deep = Math.floor(N / 2);
const filter: ListRunsParams = {
  gpu: ['H100'],
  knobs: { max_num_seqs: { min: 64 } },
  sort: 'energy_per_output_token_j',
  order: 'asc',
};
const rawFilter = 'FROM runs WHERE gpu_model IN (?) AND max_num_seqs >= ?';
const first = listRunRows(appDb, { ...filter, limit: 50 });
const cases: { name: string; app: ListRunsParams; raw: () => unknown }[] = [
  {
    name: 'default page (id desc, no filter)',
    app: { limit: 50 },
    raw: ((a, b) => () => (a.all(), b.get()))(
      raw('SELECT * FROM runs ORDER BY id DESC LIMIT 50'),
      raw('SELECT count(*) FROM runs'),
    ),
  },
  {
    name: `deep offset ${fmt(deep)} (id desc)`,
    app: { limit: 50, offset: deep },
    raw: ((a, b) => () => (a.all(deep), b.get()))(
      raw('SELECT * FROM runs ORDER BY id DESC LIMIT 50 OFFSET ?'),
      raw('SELECT count(*) FROM runs'),
    ),
  },
  {
    name: 'filter GPU=H100, max_num_seqs>=64, sort J/out tok asc',
    app: { ...filter, limit: 50 },
    raw: ((a, b) => () => (a.all('H100', 64), b.get('H100', 64)))(
      raw(`SELECT * ${rawFilter} ORDER BY energy_per_output_token_j ASC NULLS LAST, id ASC LIMIT 50`),
      raw(`SELECT count(*) ${rawFilter}`),
    ),
  },
  {
    name: 'same filter + sort, offset 10,000',
    app: { ...filter, limit: 50, offset: 10_000 },
    raw: ((a, b) => () => (a.all('H100', 64), b.get('H100', 64)))(
      raw(`SELECT * ${rawFilter} ORDER BY energy_per_output_token_j ASC NULLS LAST, id ASC LIMIT 50 OFFSET 10000`),
      raw(`SELECT count(*) ${rawFilter}`),
    ),
  },
  {
    name: 'same filter + sort, keyset page after page 1',
    app: { ...filter, limit: 50, cursor: first.nextCursor ?? undefined },
    raw: ((a, b) => () => (a.all('H100', 64), b.get('H100', 64)))(
      raw(`SELECT * ${rawFilter} ORDER BY energy_per_output_token_j ASC NULLS LAST, id ASC LIMIT 50 OFFSET 50`),
      raw(`SELECT count(*) ${rawFilter}`),
    ),
  },
  {
    name: 'sort ttft_ms_p99 desc, whole table',
    app: { sort: 'ttft_ms_p99', order: 'desc', limit: 50 },
    raw: ((a, b) => () => (a.all(), b.get()))(
      raw('SELECT * FROM runs ORDER BY ttft_ms_p99 DESC NULLS LAST, id DESC LIMIT 50'),
      raw('SELECT count(*) FROM runs'),
    ),
  },
  {
    name: 'free-form knob run_tag=tag7 (json_extract), id desc',
    app: { extraKnobs: { run_tag: { eq: 'tag7' } }, limit: 50 },
    raw: ((a, b) => () => (a.all(), b.get()))(
      raw(`SELECT * FROM runs WHERE json_extract(doc, '$.knobs_extra.run_tag') = 'tag7' ORDER BY id DESC LIMIT 50`),
      raw(`SELECT count(*) FROM runs WHERE json_extract(doc, '$.knobs_extra.run_tag') = 'tag7'`),
    ),
  },
];
console.log(`runs-table queries at ${fmt(N)} runs (count + page of 50; median of ${REPS} ms):`);
for (const c of cases) {
  const res = listRunRows(appDb, c.app);
  const tApp = time(
    () => listRunRows(appDb, c.app),
    () => clearRunCountCache(appDb),
  );
  const tCached = time(() => listRunRows(appDb, c.app));
  const tRaw = time(c.raw);
  console.log(
    `  ${c.name.padEnd(56)} joulebench ${tApp.toFixed(2).padStart(8)} ms (${tCached.toFixed(2)} ms with the count cached)   raw SQL ${tRaw.toFixed(2).padStart(8)} ms   (${fmt(res.total)} matches)`,
  );
  if (!c.app.cursor) console.log(`      plan: ${explainRunPage(appDb, c.app).plan.join('; ')}`);
}
const old = raw('SELECT * FROM runs ORDER BY id IS NULL, id DESC, id DESC LIMIT 50');
console.log(
  `  reference, pre-fix ORDER BY "id IS NULL, id DESC, id DESC": ${time(() => old.all()).toFixed(2)} ms (plan: ${(baseDb.$client.prepare('EXPLAIN QUERY PLAN SELECT * FROM runs ORDER BY id IS NULL, id DESC, id DESC LIMIT 50').all() as { detail: string }[]).map((r) => r.detail).join('; ')})`,
);
const dedupePlan = (
  appDb.$client
    .prepare(
      "EXPLAIN QUERY PLAN SELECT 1 FROM runs INDEXED BY runs_study_hash_idx WHERE study_id = 1 AND content_hash = 'x' LIMIT 1",
    )
    .all() as { detail: string }[]
).map((r) => r.detail);
console.log(`dedupe lookup plan: ${dedupePlan.join('; ')}`);
baseDb.$client.close();
appDb.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
