import { beforeEach, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { countRuns, deleteRuns, getRun, insertRuns, listRuns, moveRuns, runFacets } from '@/db/queries/runs';
import { createStudy, deleteStudy, listStudies, renameStudy } from '@/db/queries/studies';
import { demoRecords, seedDemoIfEmpty } from '@/db/seed';
import { makeRecord } from '../helpers/records';

let db: DB;
beforeEach(() => {
  db = openDb(':memory:');
});

test('pragmas: WAL on files, foreign keys and busy timeout on', () => {
  expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(15000);
});

test('a record round-trips through the store exactly, series included', () => {
  const s = createStudy(db, { name: 's' });
  const rec = makeRecord({
    knobs: { sm_clock_mhz: 1600, max_num_seqs: 128, tp: 2, scheduler: 'fcfs', chunked_prefill: true },
    trace: {
      devices: [{ index: 0, t_s: [0, 0.1, 0.2], power_w: [300.5, 310, 305.25], sm_clock_mhz: [1600, 1600, 1590] }],
    },
    requests: {
      start_s: [0, 0.5],
      ttft_ms: [100, null],
      e2e_ms: [1000, null],
      input_tokens: [10, 20],
      output_tokens: [100, null],
      success: [true, false],
    },
    energy_provenance: { method: 'nvml_counter', scope: 'gpu', window: { start_s: 1, end_s: 9, steady_state: true } },
  });
  const { ids } = insertRuns(db, s.id, [rec]);
  const back = getRun(db, ids[0])!;
  const { id, study_id, ...rest } = back;
  expect(id).toBe(ids[0]);
  expect(study_id).toBe(s.id);
  expect(rest).toEqual(JSON.parse(JSON.stringify(rec)));
  // Rows stay small: series are blobs, not JSON in the row.
  const row = db.$client.prepare('SELECT length(doc) AS n FROM runs WHERE id = ?').get(ids[0]) as { n: number };
  expect(row.n).toBeLessThan(1500);
});

test('re-inserting the same content into a study is skipped as duplicate', () => {
  const s = createStudy(db, { name: 's' });
  expect(insertRuns(db, s.id, [makeRecord()]).ids).toHaveLength(1);
  const again = insertRuns(db, s.id, [makeRecord({ label: 'renamed', created_at: '2026-02-01T00:00:00.000Z' })]);
  expect(again).toEqual({ ids: [], duplicates: 1 });
});

test('list: filters, knob ranges, sort with missing values last, paging', () => {
  const s = createStudy(db, { name: 's' });
  const recs = [64, 128, 256].flatMap((mns, i) =>
    ['H100', 'B200'].map((gpu, j) =>
      makeRecord({
        hardware: { gpu_model: gpu, gpu_count: 1, simulated: j === 1 },
        knobs: { max_num_seqs: mns },
        metrics:
          i === 2 && j === 1 ? { duration_s: 10 } : { duration_s: 10, energy_j: 1000 * (i + 1) + j, completed: 10 },
      }),
    ),
  );
  insertRuns(db, s.id, recs);
  expect(countRuns(db)).toBe(6);
  expect(countRuns(db, { gpu: ['H100'] })).toBe(3);
  expect(countRuns(db, { simulated: true })).toBe(3);
  expect(countRuns(db, { knobs: { max_num_seqs: { min: 100, max: 200 } } })).toBe(2);
  const asc = listRuns(db, { sort: 'energy_j', order: 'asc' }).runs.map((r) => r.metrics.energy_j);
  expect(asc).toEqual([1000, 1001, 2000, 2001, 3000, undefined]);
  const desc = listRuns(db, { sort: 'energy_j', order: 'desc' }).runs.map((r) => r.metrics.energy_j);
  expect(desc).toEqual([3000, 2001, 2000, 1001, 1000, undefined]);
  const page = listRuns(db, { sort: 'energy_j', order: 'asc', limit: 2, offset: 2 });
  expect(page.total).toBe(6);
  expect(page.runs.map((r) => r.metrics.energy_j)).toEqual([2000, 2001]);
  expect(runFacets(db).gpus).toEqual(['B200', 'H100']);
});

test('studies: create, rename, conflict, move runs, delete removes only that study and its runs', () => {
  const a = createStudy(db, { name: 'a' });
  const b = createStudy(db, { name: 'b' });
  const { ids } = insertRuns(db, a.id, [makeRecord(), makeRecord({ knobs: { max_num_seqs: 8 } })]);
  insertRuns(db, b.id, [makeRecord({ knobs: { max_num_seqs: 16 } })]);
  expect(() => renameStudy(db, b.id, 'a')).toThrow(/already exists/);
  expect(renameStudy(db, b.id, 'b2').name).toBe('b2');
  expect(moveRuns(db, [ids[0]], b.id)).toBe(1);
  expect(countRuns(db, { study: b.id })).toBe(2);
  expect(deleteStudy(db, a.id)).toEqual({ runsDeleted: 1 });
  expect(listStudies(db).map((s) => s.name)).toEqual(['b2']);
  expect(countRuns(db)).toBe(2);
  expect(getRun(db, ids[0])).toBeDefined();
  expect(deleteRuns(db, [ids[0]])).toBe(1);
});

test('demo seed: 328 ML.ENERGY v3 runs with attribution, only on an empty database', () => {
  const id = seedDemoIfEmpty(db);
  expect(id).not.toBeNull();
  const [study, sim] = listStudies(db);
  expect(study.runCount).toBe(328);
  expect(sim.runCount).toBe(1728); // the simulated clock sweep, loaded with it
  expect(study.attribution?.commit).toBe('0cd52dab897c5d91a45f4d413038f3b8b4251b0f');
  expect(seedDemoIfEmpty(db)).toBeNull();
  // Spot-check against the published numbers: Qwen3-14B on 1x B200 at max_num_seqs 8.
  const r = listRuns(db, { model: ['Qwen/Qwen3-14B'], gpu: ['B200'], knobs: { max_num_seqs: { min: 8, max: 8 } } })
    .runs[0];
  expect(r.metrics.energy_per_output_token_j).toBeCloseTo(0.6993091867226764, 12);
  expect(r.metrics.itl_ms_p99).toBeCloseTo(17.90369909140282, 12);
  // Derived request throughput = power / energy per request.
  expect(r.metrics.request_throughput_rps).toBeCloseTo(759.9467920298994 / 430.1127103864672, 9);
  expect(r.derived).toContain('request_throughput_rps');
  expect(r.metrics.ttft_ms_p99).toBeUndefined();
});

test('JOULEBENCH_DEMO=0 skips the demo', () => {
  process.env.JOULEBENCH_DEMO = '0';
  try {
    expect(seedDemoIfEmpty(db)).toBeNull();
    expect(listStudies(db)).toHaveLength(0);
  } finally {
    delete process.env.JOULEBENCH_DEMO;
  }
  expect(demoRecords().records).toHaveLength(328);
});
