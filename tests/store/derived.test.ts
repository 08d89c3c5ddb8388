/**
 * Derived data stays exact through every way runs change: run_groups (facets, group counts), the
 * in-memory run columns of the explorer, and the views cached by data version. After each change
 * (insert, delete, move between studies, import undo, study delete, a write by another connection)
 * they are compared with what a fresh query of the runs table says. Cached views survive writes
 * that do not touch runs or studies (a token's last use), and only those.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import {
  countRuns,
  deleteRuns,
  groupColumnCounts,
  insertRuns,
  moveRuns,
  runFacets,
  type RunFilters,
} from '@/db/queries/runs';
import { GROUP_COUNTED_COLUMNS, nnColumn } from '@/db/schema';
import { columnCounts, readColumns, type ResolvedFilters } from '@/db/queries/explore';
import { createStudy, listStudies, renameStudy } from '@/db/queries/studies';
import { studyModelOptions } from '@/db/queries/plans';
import { runDataVersion } from '@/db/queries/data-version';
import { createApiToken } from '@/db/queries/tokens';
import { computeExplorerView } from '@/lib/explore/compute';
import { DEFAULT_VIEW, type ViewState } from '@/lib/explore/state';
import { commitImport, undoImport } from '@/lib/services/import';
import type { RunRecord } from '@/lib/record/schema';
import { rec } from '../explore/fixtures';

const MODELS = ['m-a', 'm-b', 'm-c'];
const GPUS = ['H100', 'A100'];

function records(n: number, offset: number, model?: string): RunRecord[] {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    return rec(
      {
        model: model ?? MODELS[i % 3],
        gpu: GPUS[i % 2],
        sim: i % 5 === 0,
        knobs: { max_num_seqs: 2 ** (i % 6), sm_clock_mhz: 1000 + (i % 4) * 200 },
        metrics: {
          duration_s: 10,
          completed: 100,
          energy_j: 1000 + ((i * 37) % 97),
          output_throughput_tps: 100 + (i % 13),
          // Missing in every third run: run_groups' per-column counts differ from the run counts.
          ...(i % 3 ? { tpot_ms_p99: 10 + (i % 11) } : {}),
        },
      },
      i,
    );
  });
}

type GroupRow = [number, string, string, string, number, number, ...number[]];
const GROUP_KEY = 'study_id, model_id, gpu_model, engine_name, simulated';
/** run_groups as the runs table says it should be: run counts and per-column value counts. */
const groupsFromRuns = (db: DB) =>
  db.$client
    .prepare(
      `SELECT ${GROUP_KEY}, count(*), ${GROUP_COUNTED_COLUMNS.map((c) => `count("${c}")`).join(', ')} FROM runs GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .raw(true)
    .all() as GroupRow[];
const groupsStored = (db: DB) =>
  db.$client
    .prepare(
      `SELECT ${GROUP_KEY}, n, ${GROUP_COUNTED_COLUMNS.map(nnColumn).join(', ')} FROM run_groups ORDER BY 1, 2, 3, 4, 5`,
    )
    .raw(true)
    .all() as GroupRow[];
const distinct = (db: DB, col: string, study: number) =>
  (
    db.$client.prepare(`SELECT DISTINCT ${col} FROM runs WHERE study_id = ? ORDER BY 1`).raw(true).all(study) as [
      string,
    ][]
  ).map((r) => r[0]);

/** Every derived view agrees with the runs table, for each study and for all studies. */
function expectDerivedExact(db: DB, studies: number[]) {
  expect(groupsStored(db)).toEqual(groupsFromRuns(db));
  expect(groupsStored(db).every((g) => g[5] > 0)).toBe(true);
  // The plan form's study / model choices (from run_groups) against a GROUP BY of the runs.
  const options = db.$client
    .prepare(
      `SELECT r.study_id, s.name, r.model_id, group_concat(DISTINCT r.gpu_model), count(*)
         FROM runs r JOIN studies s ON s.id = r.study_id GROUP BY r.study_id, r.model_id ORDER BY s.name, r.model_id`,
    )
    .raw(true)
    .all() as [number, string, string, string, number][];
  expect(studyModelOptions(db)).toEqual(
    options.map(([studyId, studyName, model, gpus, runs]) => ({
      studyId,
      studyName,
      model,
      gpus: gpus.split(',').sort(),
      runs,
    })),
  );
  for (const s of studies) {
    expect(runFacets(db, s)).toEqual({
      models: distinct(db, 'model_id', s),
      gpus: distinct(db, 'gpu_model', s),
      engines: distinct(db, 'engine_name', s),
    });
    const inStudy = db.$client.prepare('SELECT count(*) FROM runs WHERE study_id = ?').pluck().get(s) as number;
    expect(countRuns(db, { study: s })).toBe(inStudy);
    expect(listStudies(db).find((x) => x.id === s)!.runCount).toBe(inStudy);
    expect(countRuns(db, { study: s, model: ['m-a'], gpu: ['H100'] })).toBe(
      db.$client
        .prepare("SELECT count(*) FROM runs WHERE study_id = ? AND model_id = 'm-a' AND gpu_model = 'H100'")
        .pluck()
        .get(s),
    );
    // The explorer's columns (in memory) against a fresh SQL read of the same filter.
    const f: ResolvedFilters = {
      study: s,
      model: ['m-a', 'm-b'],
      gpu: [],
      engine: [],
      sim: null,
      knobs: { max_num_seqs: { min: 4 } },
    };
    const cols = readColumns(db, f, ['energy_per_output_token_j', 'max_num_seqs'], 'gpu');
    const sqlRows = db.$client
      .prepare(
        "SELECT id, energy_per_output_token_j, gpu_model FROM runs WHERE study_id = ? AND model_id IN ('m-a','m-b') AND max_num_seqs >= 4 ORDER BY id",
      )
      .raw(true)
      .all(s) as [number, number | null, string][];
    expect(Array.from(cols.id)).toEqual(sqlRows.map((r) => r[0]));
    expect(Array.from(cols.cols.get('energy_per_output_token_j')!, (v) => (Number.isNaN(v) ? null : v))).toEqual(
      sqlRows.map((r) => r[1]),
    );
    expect(Array.from(cols.catCodes!, (c) => cols.categories[c])).toEqual(sqlRows.map((r) => r[2]));
    // One model: read through that model's row list (db/queries/explore.ts modelRows).
    const one = readColumns(db, { ...f, model: ['m-b'], knobs: {} }, ['energy_j'], null);
    expect(Array.from(one.id)).toEqual(
      db.$client.prepare("SELECT id FROM runs WHERE study_id = ? AND model_id = 'm-b' ORDER BY id").pluck().all(s),
    );
    // Data availability from run_groups' counts equals counting every column of the matching runs.
    const none: ResolvedFilters = { ...f, model: [], knobs: {} };
    const pairs: [ResolvedFilters, RunFilters][] = [
      [none, { study: s }],
      [
        { ...none, model: ['m-a'] },
        { study: s, model: ['m-a'] },
      ],
      [
        { ...none, gpu: ['H100'], sim: 'real' },
        { study: s, gpu: ['H100'], simulated: false },
      ],
    ];
    for (const [rf, g] of pairs)
      expect(groupColumnCounts(db, g)).toEqual(columnCounts(db, rf, [...GROUP_COUNTED_COLUMNS]));
    // A cached view never outlives the data it was computed from.
    const view = computeExplorerView(db, { ...DEFAULT_VIEW, study: s } as ViewState);
    expect(view.counts.total).toBe(inStudy);
    expect(view.facets.models).toEqual(distinct(db, 'model_id', s));
  }
  const all = readColumns(
    db,
    { study: 'all', model: [], gpu: [], engine: [], sim: null, knobs: {} },
    ['energy_j'],
    'study',
  );
  expect(all.n).toBe(db.$client.prepare('SELECT count(*) FROM runs').pluck().get());
}

test('run_groups counts every metric and knob column (a new one needs a migration)', () => {
  const db = openDb(':memory:');
  const cols = (
    db.$client.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('run_groups') as string[]
  ).slice(6);
  expect(cols).toEqual(GROUP_COUNTED_COLUMNS.map(nnColumn));
  expect(GROUP_COUNTED_COLUMNS).toEqual(expect.arrayContaining(['energy_per_output_token_j', 'max_num_seqs']));
});

describe('run_groups, run columns and cached views follow every change', () => {
  const db = openDb(':memory:');
  const a = createStudy(db, { name: 'a' }).id;
  const b = createStudy(db, { name: 'b' }).id;

  test('insert', () => {
    expectDerivedExact(db, [a, b]); // empty database
    insertRuns(db, a, records(60, 0), { dedupe: false });
    expectDerivedExact(db, [a, b]);
    insertRuns(db, b, records(10, 100, 'm-z'), { dedupe: false });
    expectDerivedExact(db, [a, b]);
    expect(runFacets(db, b).models).toEqual(['m-z']);
  });

  test('delete (a whole group disappears from the facets)', () => {
    const ofB = db.$client.prepare('SELECT id FROM runs WHERE study_id = ?').pluck().all(b) as number[];
    expect(deleteRuns(db, ofB.slice(0, 4))).toBe(4);
    expectDerivedExact(db, [a, b]);
    deleteRuns(db, ofB.slice(4));
    expectDerivedExact(db, [a, b]);
    expect(runFacets(db, b)).toEqual({ models: [], gpus: [], engines: [] });
  });

  test('move between studies', () => {
    const mb = db.$client
      .prepare("SELECT id FROM runs WHERE study_id = ? AND model_id = 'm-b'")
      .pluck()
      .all(a) as number[];
    expect(moveRuns(db, mb, b)).toBe(mb.length);
    expectDerivedExact(db, [a, b]);
    expect(runFacets(db, a).models).toEqual(['m-a', 'm-c']);
    expect(runFacets(db, b).models).toEqual(['m-b']);
    moveRuns(db, mb.slice(0, 3), a);
    expectDerivedExact(db, [a, b]);
  });

  test('import commit and undo', () => {
    const before = groupsStored(db);
    const res = commitImport(
      db,
      [
        {
          name: 'x.jsonl',
          sha256: 'f'.repeat(64),
          format: 'run-record',
          runs: records(25, 500, 'm-imported'),
          warnings: [],
        },
      ],
      { studyId: a },
    );
    expect(res.inserted).toBe(25);
    expectDerivedExact(db, [a, b]);
    expect(runFacets(db, a).models).toContain('m-imported');
    undoImport(db, res.importId!);
    expectDerivedExact(db, [a, b]);
    expect(groupsStored(db)).toEqual(before);
  });

  test('study delete (cascade) removes its groups', () => {
    db.$client.prepare('DELETE FROM studies WHERE id = ?').run(b);
    expectDerivedExact(db, [a]);
    expect(groupsStored(db).some((g) => g[0] === b)).toBe(false);
  });
});

describe('another connection writing (worker, import thread)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-derived-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('appends and deletes committed elsewhere are seen by the next read', () => {
    const file = path.join(dir, 'x.db');
    const reader = openDb(file);
    const writer = openDb(file);
    const s = createStudy(writer, { name: 's' }).id;
    insertRuns(writer, s, records(30, 0), { dedupe: false });
    expectDerivedExact(reader, [s]);
    insertRuns(writer, s, records(30, 30), { dedupe: false }); // append only
    expectDerivedExact(reader, [s]);
    const ids = writer.$client.prepare('SELECT id FROM runs ORDER BY id LIMIT 7').pluck().all() as number[];
    deleteRuns(writer, ids); // rewrites: epoch moves, the reader reloads
    expectDerivedExact(reader, [s]);
    reader.$client.close();
    writer.$client.close();
  });
});

describe('cached run-derived views key on the runs and studies only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-run-version-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a token or session write keeps them; a run update or study rename drops them', () => {
    const file = path.join(dir, 'v.db');
    const reader = openDb(file);
    const writer = openDb(file);
    const s = createStudy(writer, { name: 'before' }).id;
    insertRuns(writer, s, records(40, 0), { dedupe: false });
    const st = { ...DEFAULT_VIEW, study: s } as ViewState;
    const v1 = computeExplorerView(reader, st);
    const r1 = runDataVersion(reader);
    // Writes elsewhere (an API token created, its last use touched) move data_version only.
    createApiToken(writer, { name: 't', role: 'viewer', createdBy: null });
    writer.$client.prepare("UPDATE api_tokens SET last_used_at = '2026-01-01T00:00:00Z'").run();
    expect(runDataVersion(reader)).toBe(r1);
    expect(computeExplorerView(reader, st).points).toBe(v1.points); // the same cached view
    // An import into another study keeps this study's views; the study picker lists the new one.
    const ofS = runDataVersion(reader, s);
    const other = createStudy(writer, { name: 'other' }).id;
    insertRuns(writer, other, records(5, 200), { dedupe: false });
    expect(runDataVersion(reader, s)).toBe(ofS);
    expect(runDataVersion(reader)).not.toBe(r1);
    const afterOther = computeExplorerView(reader, st);
    expect(afterOther.points).toBe(v1.points);
    expect(afterOther.facets.studies.map((x) => x.name)).toEqual(['before', 'other']);
    expect(computeExplorerView(reader, { ...DEFAULT_VIEW, study: other } as ViewState).counts.total).toBe(5);
    // Any update of a run (here a metric rewritten in place) moves run_epoch: recomputed.
    writer.$client.prepare('UPDATE runs SET energy_j = energy_j * 2 WHERE id = (SELECT min(id) FROM runs)').run();
    expect(runDataVersion(reader)).not.toBe(r1);
    const v2 = computeExplorerView(reader, st);
    expect(v2.points).not.toBe(v1.points);
    // A study rename changes names shown in the view.
    renameStudy(writer, s, 'after');
    expect(computeExplorerView(reader, st).facets.studies.find((x) => x.id === s)!.name).toBe('after');
    // An insert raises max(id).
    const r3 = runDataVersion(reader, s);
    insertRuns(writer, s, records(1, 99), { dedupe: false });
    expect(runDataVersion(reader, s)).not.toBe(r3);
    expect(computeExplorerView(reader, st).counts.total).toBe(41);
    reader.$client.close();
    writer.$client.close();
  });
});
