/**
 * The explorer's in-memory run columns (db/queries/run-columns.ts) read rows as SQLite yields them
 * into arrays sized from run_groups. These check the edges of that: growth past the first
 * capacity, run_groups out of step with runs (rows written by a bare INSERT), and a late column
 * whose rows no longer match the ones held (a change that bypassed run_epoch).
 */
import { describe, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { scopeColumns } from '@/db/queries/run-columns';
import { insertRuns, runInsertSql, runRowValues } from '@/db/queries/runs';
import { recordToRow } from '@/db/mappers/run-row';
import { createStudy } from '@/db/queries/studies';
import { records } from './run-columns-fixtures';

/** The held columns of a study against a fresh SQL read. */
function expectMatchesSql(db: DB, study: number, numeric: string[]) {
  const sc = scopeColumns(db, study, numeric);
  const rows = db.$client
    .prepare(`SELECT id, simulated, model_id, ${numeric.join(', ')} FROM runs WHERE study_id = ? ORDER BY id`)
    .raw(true)
    .all(study) as unknown[][];
  expect(sc.n).toBe(rows.length);
  expect(Array.from(sc.id.subarray(0, sc.n))).toEqual(rows.map((r) => r[0]));
  expect(Array.from(sc.simulated.subarray(0, sc.n))).toEqual(rows.map((r) => (r[1] ? 1 : 0)));
  const m = sc.cats.model_id;
  expect(Array.from(m.codes.subarray(0, sc.n), (c) => m.values[c])).toEqual(rows.map((r) => r[2]));
  numeric.forEach((c, j) => {
    const held = Array.from(sc.nums.get(c)!.subarray(0, sc.n), (v) => (Number.isNaN(v) ? null : v));
    expect(held, c).toEqual(rows.map((r) => r[3 + j]));
  });
}

describe('run columns', () => {
  test('appends past the first capacity, and a late column over every held row', () => {
    const db = openDb(':memory:');
    const s = createStudy(db, { name: 's' }).id;
    insertRuns(db, s, records(0, 700), { dedupe: false });
    expectMatchesSql(db, s, ['energy_j']);
    insertRuns(db, s, records(700, 2500), { dedupe: false }); // 3,200 held: grown from the first 1,024
    expectMatchesSql(db, s, ['energy_j']);
    expectMatchesSql(db, s, ['energy_j', 'tpot_ms_p99', 'max_num_seqs']); // two late columns
  });

  test('rows written around run_groups (a bare INSERT) are still all read', () => {
    const db = openDb(':memory:');
    const s = createStudy(db, { name: 's' }).id;
    insertRuns(db, s, records(0, 50), { dedupe: false });
    expectMatchesSql(db, s, ['energy_j']);
    // run_groups now counts 50 runs where there are 2,050: the reader grows while it reads.
    const st = db.$client.prepare(runInsertSql());
    for (const r of records(50, 2000)) st.run(runRowValues(recordToRow(r, s)));
    expectMatchesSql(db, s, ['energy_j', 'tpot_ms_p99']);
  });

  // One late column is read as plain values, several as rows: both paths, both ways of differing.
  test.each([
    ['one late column', ['tpot_ms_p99']],
    ['two late columns', ['tpot_ms_p99', 'max_num_seqs']],
  ])('%s over rows that differ from those held is an error, not wrong data', (_, late) => {
    const db = openDb(':memory:');
    const s = createStudy(db, { name: 's' }).id;
    insertRuns(db, s, records(0, 40), { dedupe: false });
    const ids = db.$client.prepare('SELECT id FROM runs ORDER BY id').pluck().all() as number[];
    db.$client.prepare('DELETE FROM runs WHERE id = ?').run(ids[10]); // a gap, with the epoch moved
    expectMatchesSql(db, s, ['energy_j']);
    // Changes that bypass the epoch triggers (the app never does this; a hand edit could).
    db.$client.exec('DROP TRIGGER runs_groups_delete');
    const gapRow = db.$client.prepare('SELECT * FROM runs WHERE id = ?').get(ids[11]) as Record<string, unknown>;
    db.$client.prepare('DELETE FROM runs WHERE id = ?').run(ids[20]);
    expect(() => scopeColumns(db, s, late)).toThrow(/expected 39 rows, read 38/);
    // The failed scope was dropped: the next read loads it afresh.
    expectMatchesSql(db, s, ['energy_j']);
    // A row put back into a gap below the highest id held: more rows than held.
    const cols = Object.keys(gapRow).filter((k) => k !== 'id' && k !== 'content_hash');
    db.$client
      .prepare(
        `INSERT INTO runs (id, content_hash, ${cols.join(', ')}) VALUES (?, ?, ${cols.map(() => '?').join(', ')})`,
      )
      .run(ids[10], 'h-gap', ...cols.map((c) => gapRow[c]));
    expect(() => scopeColumns(db, s, late)).toThrow(/expected 38 rows, read more/);
    expectMatchesSql(db, s, ['energy_j', ...late]);
  });
});
