/** Runs-table queries: index use (EXPLAIN QUERY PLAN), NULLS LAST, keyset pages, LIKE escaping, free-form knobs, huge id lists. */
import os from 'node:os';
import { beforeAll, describe, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { contentHash, recordToRow, recordToValues, RUN_COLUMN_PROPS } from '@/db/mappers/run-row';
import {
  countRuns,
  decodeCursor,
  deleteRuns,
  encodeCursor,
  explainRunPage,
  insertRuns,
  listRunRows,
  listRuns,
  moveRuns,
  runRowValues,
  type ListRunsParams,
} from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { makeRecord } from '../helpers/records';
import type { RunRecord } from '@/lib/record/schema';

let db: DB;
let studyId: number;
beforeAll(() => {
  db = openDb(':memory:');
  studyId = createStudy(db, { name: 's' }).id;
  const recs = Array.from({ length: 300 }, (_, i) =>
    makeRecord({
      label: i === 7 ? 'odd 100%_done' : i === 8 ? 'odd 100x done' : `run ${i}`,
      hardware: { gpu_model: i % 3 === 0 ? 'H100' : 'B200', gpu_count: 1, simulated: false },
      knobs: {
        max_num_seqs: 2 ** (i % 6),
        sm_clock_mhz: 1000 + (i % 5) * 100,
        run_tag: i % 2 ? 'odd' : 'even',
        batch: i % 4,
        chunked: i % 5 === 0,
      },
      // every 7th run has no energy: it sorts last both ways
      metrics:
        i % 7 === 0 ? { duration_s: 10 + i } : { duration_s: 10 + i, energy_j: 1000 + ((i * 37) % 101), completed: 10 },
    }),
  );
  insertRuns(db, studyId, recs);
});

const energy = (p: ListRunsParams) => listRuns(db, p).runs.map((r) => r.metrics.energy_j);

test('sorts keep missing values last in both directions, ties by id in the sort direction', () => {
  for (const order of ['asc', 'desc'] as const) {
    const rows = listRunRows(db, { sort: 'energy_j', order, limit: 1000 }).rows;
    const vals = rows.map((r) => r.energy_j);
    const firstNull = vals.indexOf(null);
    expect(firstNull).toBe(300 - Math.ceil(300 / 7));
    expect(vals.slice(firstNull).every((v) => v === null)).toBe(true);
    const nn = vals.slice(0, firstNull) as number[];
    expect(nn).toEqual([...nn].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    for (let i = 1; i < rows.length; i++)
      if (rows[i].energy_j === rows[i - 1].energy_j)
        expect(order === 'asc' ? rows[i].id > rows[i - 1].id : rows[i].id < rows[i - 1].id).toBe(true);
  }
});

test('keyset pages (cursor) equal offset pages, for nullable, NOT NULL and id sorts, with filters', () => {
  const cases: ListRunsParams[] = [
    { sort: 'energy_j', order: 'asc' },
    { sort: 'energy_j', order: 'desc', gpu: ['B200'] },
    { sort: 'label', order: 'asc' },
    { sort: 'id', order: 'desc' },
    { sort: 'max_num_seqs', order: 'asc', knobs: { sm_clock_mhz: { min: 1100 } } },
  ];
  for (const c of cases) {
    const byOffset = listRunRows(db, { ...c, limit: 1000 }).rows.map((r) => r.id);
    const byCursor: number[] = [];
    let cursor = undefined as ReturnType<typeof listRunRows>['nextCursor'] | undefined;
    for (let page = 0; page < 100; page++) {
      const res = listRunRows(db, { ...c, limit: 17, cursor: cursor ?? undefined });
      byCursor.push(...res.rows.map((r) => r.id));
      if (!res.nextCursor) break;
      cursor = decodeCursor(encodeCursor(res.nextCursor));
    }
    expect(byCursor, JSON.stringify(c)).toEqual(byOffset);
  }
  expect(() => listRunRows(db, { sort: 'label', cursor: { sort: 'id', order: 'desc', v: null, id: 5 } })).toThrow(
    /another sort/,
  );
  expect(() => decodeCursor('bm9wZQ')).toThrow(/cursor: malformed/);
});

test('offset pages are consistent with the full list', () => {
  const all = energy({ sort: 'energy_j', order: 'asc', limit: 1000 });
  expect(energy({ sort: 'energy_j', order: 'asc', limit: 10, offset: 250 })).toEqual(all.slice(250, 260));
});

describe('EXPLAIN QUERY PLAN: index walks, no temp B-tree', () => {
  test.each<[string, ListRunsParams, RegExp]>([
    ['default page (id desc)', {}, /^SCAN runs$/],
    ['deep offset', { offset: 200 }, /^SCAN runs$/],
    [
      'indexed metric asc (NULLS LAST)',
      { sort: 'energy_per_output_token_j', order: 'asc' },
      /USING (COVERING )?INDEX runs_eot_idx/,
    ],
    ['indexed metric desc', { sort: 'ttft_ms_p99', order: 'desc' }, /USING (COVERING )?INDEX runs_ttft_ms_p99_idx/],
    ['indexed knob', { sort: 'max_num_seqs', order: 'asc' }, /USING (COVERING )?INDEX runs_max_num_seqs_idx/],
    ['NOT NULL text column', { sort: 'gpu', order: 'asc' }, /USING (COVERING )?INDEX runs_gpu_idx/],
    [
      'broad filter + indexed sort walks the sort index',
      { gpu: ['B200'], sort: 'energy_per_output_token_j', order: 'asc' },
      /USING (COVERING )?INDEX runs_eot_idx/,
    ],
  ])('%s', (_name, p, re) => {
    const { plan } = explainRunPage(db, p);
    expect(plan.join('; ')).toMatch(re);
    expect(plan.join('; ')).not.toMatch(/TEMP B-TREE/);
  });

  test('the dedupe lookup seeks (study_id, content_hash)', () => {
    const plan = (
      db.$client
        .prepare(
          "EXPLAIN QUERY PLAN SELECT 1 FROM runs INDEXED BY runs_study_hash_idx WHERE study_id = 1 AND content_hash = 'x' LIMIT 1",
        )
        .all() as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join()).toMatch(
      /SEARCH runs USING COVERING INDEX runs_study_hash_idx \(study_id=\? AND content_hash=\?\)/,
    );
  });
});

test('q escapes % and _ (LIKE ... ESCAPE)', () => {
  expect(listRuns(db, { q: '100%_' }).runs.map((r) => r.label)).toEqual(['odd 100%_done']);
  expect(countRuns(db, { q: '100%' })).toBe(1);
  expect(countRuns(db, { q: '100' })).toBe(3); // both 'odd 100…' labels and 'run 100'
  expect(countRuns(db, { q: 'x_d' })).toBe(0);
  expect(countRuns(db, { q: 'run 1' })).toBe(111);
});

test('free-form knobs filter through json_extract: text, numbers, booleans, ranges; names validated', () => {
  expect(countRuns(db, { extraKnobs: { run_tag: { eq: 'odd' } } })).toBe(150);
  expect(countRuns(db, { extraKnobs: { batch: { eq: '2' } } })).toBe(75);
  expect(countRuns(db, { extraKnobs: { batch: { min: 2 } } })).toBe(150);
  expect(countRuns(db, { extraKnobs: { batch: { min: 1, max: 2 } }, gpu: ['H100'] })).toBe(50);
  expect(countRuns(db, { extraKnobs: { chunked: { eq: 'true' } } })).toBe(60);
  // ranges never match text values
  expect(countRuns(db, { extraKnobs: { run_tag: { min: 0 } } })).toBe(0);
  expect(countRuns(db, { extraKnobs: { nope: { eq: 'x' } } })).toBe(0);
  expect(() => countRuns(db, { extraKnobs: { 'a"b': { eq: 'x' } } })).toThrow(/invalid knob name/);
  expect(() => countRuns(db, { extraKnobs: { '$.x': { eq: 'x' } } })).toThrow(/invalid knob name/);
});

test('move and delete accept 40,000 ids (no "too many SQL variables")', () => {
  const d = openDb(':memory:');
  const a = createStudy(d, { name: 'a' }).id;
  const b = createStudy(d, { name: 'b' }).id;
  const recs = Array.from({ length: 40_000 }, (_, i) => makeRecord({ knobs: { max_num_seqs: 1, seed: i } }));
  const { ids } = insertRuns(d, a, recs);
  expect(ids).toHaveLength(40_000);
  expect(moveRuns(d, ids, b)).toBe(40_000);
  expect(countRuns(d, { study: b })).toBe(40_000);
  expect(listRunRows(d, { ids, limit: 5 }).total).toBe(40_000);
  expect(deleteRuns(d, ids)).toBe(40_000);
  expect(countRuns(d)).toBe(0);
});

test('the content hash of a record is stable across versions (stored hashes de-duplicate later imports)', () => {
  // Keys in file order, not sorted; where it was stored and the file's name and hash do not count.
  const rec = {
    schema_version: 1,
    source: { kind: 'file', format: 'vllm-bench', file_name: 'a.json', file_sha256: 'ff', tool_version: '0.6' },
    label: 'x',
    created_at: '2026-01-01T00:00:00Z',
    id: 5,
    study_id: 2,
    model: { id: 'meta-llama/Llama-3.1-8B', precision: 'bf16' },
    hardware: { gpu_model: 'H100', gpu_count: 2, simulated: false },
    engine: { name: 'vllm', version: '0.6.3' },
    knobs: { tp: 2, max_num_seqs: 64, run_tag: 'b' },
    workload: { dataset: 'sharegpt', num_requests: 100 },
    metrics: { energy_j: 1000, duration_s: 10, avg_power_w: 100, ttft_ms_p99: 50.5 },
    trace: { devices: [{ index: 0, t_s: [0, 1], power_w: [100, 101] }] },
  } as unknown as RunRecord;
  // Computed by the code before the import's copies changed (bb1ba47).
  const pinned = '1d6416a8f584068abc31ef5c9aa58f4ed4b81b829d6e66d121d85c8059989a8c';
  expect(contentHash(rec)).toBe(pinned);
  const moved = { ...rec, label: 'y', id: 9, source: { ...rec.source, file_name: 'b.json', file_sha256: 'ee' } };
  expect(contentHash(moved)).toBe(pinned);
  expect(contentHash({ ...rec, metrics: { ...rec.metrics, energy_j: 1001 } })).not.toBe(pinned);
});

test('recordToValues equals runRowValues(recordToRow(...))', () => {
  const r = makeRecord({ knobs: { tp: 2, extra_knob: 'x', flag: true }, measured_at: '2026-01-01T00:00:00Z' });
  const fast = recordToValues(r, 3, 4, null);
  const slow = recordToRow(r, 3, { importId: 4, sweepPointId: null });
  expect(fast.values).toEqual(runRowValues(slow));
  expect(fast.hash).toBe(slow.contentHash);
  expect(fast.values).toHaveLength(RUN_COLUMN_PROPS.length);
});

test('cached counts follow writes of this connection and of others', () => {
  const file = `${os.tmpdir()}/jb-count-cache-${process.pid}-${Date.now()}.db`;
  const a = openDb(file);
  const b = openDb(file);
  const s = createStudy(a, { name: 'c' }).id;
  expect(countRuns(a, { gpu: ['H100'] })).toBe(0);
  insertRuns(a, s, [makeRecord()]);
  expect(countRuns(a, { gpu: ['H100'] })).toBe(1); // own write
  insertRuns(b, s, [makeRecord({ knobs: { max_num_seqs: 2 } })]);
  expect(countRuns(a, { gpu: ['H100'] })).toBe(2); // another connection's commit
  expect(countRuns(a, { gpu: ['B200'] })).toBe(0);
  a.$client.close();
  b.$client.close();
});
