/**
 * A bulk load builds the runs table's metric indexes at its end (db/queries/runs/bulk-indexes.ts):
 * the stored runs, groups and index definitions are what a run-by-run load gives; a failed load
 * leaves every index in place; a small load, or one into a larger table, keeps the indexes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { dropMetricIndexes, isBulkLoad } from '@/db/queries/runs';
import { openStreamedFile, type StreamedFile } from '@/lib/importers/streamed';
import type { ImportFile } from '@/lib/importers/types';
import { commitImport } from '@/lib/services/import';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-bulk-indexes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let dbs = 0;
const freshDb = () => openDb(path.join(tmp, `db${dbs++}.db`));

const line = (i: number) =>
  JSON.stringify({
    schema_version: 1,
    source: { kind: 'api' },
    label: `r${i}`,
    created_at: '2026-01-01T00:00:00Z',
    model: { id: `m${i % 3}` },
    hardware: { gpu_model: 'H100', gpu_count: 1, simulated: true },
    engine: { name: 'vllm' },
    knobs: { max_num_seqs: 2 ** (i % 6) },
    workload: { output_tokens_total: 5000 + i },
    metrics: { duration_s: 10, avg_power_w: 100 + (i % 7), completed: 100 + i, ttft_ms_p99: 50 + i / 3 },
  });
function write(name: string, lines: string[]): ImportFile {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { name, path: file, size: fs.statSync(file).size };
}
const open = (f: ImportFile) => openStreamedFile(f, { minBytes: 1000, batchRuns: 50 }) as StreamedFile;
const BULK = { bulkMinBytes: 1 };
const NOT_BULK = { bulkMinBytes: Number.MAX_SAFE_INTEGER };

const indexSql = (db: DB) =>
  db.$client
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' ORDER BY name")
    .all();
const integrity = (db: DB) => db.$client.pragma('integrity_check', { simple: true });
function stored(db: DB) {
  const runs = db.$client
    .prepare('SELECT * FROM runs ORDER BY id')
    .all()
    .map((r) => ({ ...(r as Record<string, unknown>), import_id: 0 }));
  return { runs, groups: db.$client.prepare('SELECT * FROM run_groups ORDER BY 1, 2, 3, 4, 5').all() };
}
const count = (db: DB) => db.$client.prepare('SELECT count(*) FROM runs').pluck().get();

describe('metric indexes built at the end of a bulk load', () => {
  const big = write(
    'bulk.jsonl',
    Array.from({ length: 400 }, (_, i) => line(i)),
  );

  it('drops only the indexes on metric columns, and builds them again from their own statements', () => {
    const db = freshDb();
    const before = indexSql(db);
    db.$client.transaction(() => {
      const build = dropMetricIndexes(db);
      const left = indexSql(db).map((i) => (i as { name: string }).name);
      expect(left).toContain('runs_study_hash_idx');
      expect(left).toContain('runs_model_gpu_idx');
      expect(left).toContain('runs_max_num_seqs_idx');
      for (const gone of [
        'runs_eot_idx',
        'runs_output_throughput_tps_idx',
        'runs_ttft_ms_p99_idx',
        'runs_tpot_ms_p99_idx',
      ])
        expect(left).not.toContain(gone);
      build();
    })();
    expect(indexSql(db)).toEqual(before);
    expect(() => dropMetricIndexes(db)).toThrow(/no open transaction/);
  });

  it('stores what a run-by-run load stores, with the same indexes, on one thread and on two', () => {
    const plain = freshDb();
    const rPlain = commitImport(plain, [open(big)], { studyName: 's' }, NOT_BULK);
    for (const opts of [BULK, { ...BULK, pipelineMinBytes: 0 }]) {
      const db = freshDb();
      expect(commitImport(db, [open(big)], { studyName: 's' }, opts)).toEqual(rPlain);
      expect(stored(db)).toEqual(stored(plain));
      expect(indexSql(db)).toEqual(indexSql(plain));
      expect(integrity(db)).toBe('ok');
      // The rebuilt index answers: the lowest energy per token is run 0 (the lowest power per token).
      const plan = db.$client
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM runs ORDER BY energy_per_output_token_j LIMIT 1')
        .all();
      expect(JSON.stringify(plan)).toContain('runs_eot_idx');
    }
  });

  it('a failed load writes nothing and leaves every index in place; skipInvalid keeps the good file', () => {
    const badLines = Array.from({ length: 400 }, (_, i) => line(i + 1000));
    badLines[310] = badLines[310].replace('"duration_s":10', '"duration_s":-5');
    const bad = write('bulk-bad.jsonl', badLines);
    const db = freshDb();
    const before = indexSql(db);
    expect(() => commitImport(db, [open(big), open(bad)], { studyName: 's' }, BULK)).toThrow(
      /bulk-bad\.jsonl.*line 311/,
    );
    expect(count(db)).toBe(0);
    expect(indexSql(db)).toEqual(before);
    const res = commitImport(db, [open(big), open(bad)], { studyName: 's' }, { ...BULK, skipInvalid: true });
    expect(res).toMatchObject({ inserted: 400, refused: [expect.objectContaining({ name: 'bulk-bad.jsonl' })] });
    expect(indexSql(db)).toEqual(before);
    expect(integrity(db)).toBe('ok');
  });

  it('a bulk load is large and at least twice what is stored; never with planner statistics', () => {
    const db = freshDb();
    expect(isBulkLoad(db, 64 << 20)).toBe(true);
    expect(isBulkLoad(db, 16 << 20)).toBe(false); // below 32 MB
    commitImport(db, [open(big)], { studyName: 's' }, NOT_BULK); // 400 runs stored
    expect(isBulkLoad(db, 800 * 1024, 1)).toBe(true);
    expect(isBulkLoad(db, 799 * 1024, 1)).toBe(false);
    db.$client.exec('ANALYZE');
    expect(isBulkLoad(db, 64 << 20)).toBe(false);
  });
});
