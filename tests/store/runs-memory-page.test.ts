/**
 * The runs table answered from the in-memory columns (db/queries/runs/memory-page.ts) must be the
 * SQL path's answer exactly: same rows in the same order, same total, same keyset cursor, for
 * random filters and sorts over data with missing values and ties, before and after the data
 * changes (append, delete).
 */
import { beforeAll, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { deleteRuns, insertRuns, listRunRows, type ListRunsParams, type SortKey } from '@/db/queries/runs';
import { memoryPageApplies } from '@/db/queries/runs/memory-page';
import { createStudy } from '@/db/queries/studies';
import { rng as mulberry32 } from '@/lib/stats/sample';
import { makeRecord } from '../helpers/records';

let db: DB;
const studies: number[] = [];
const GPUS = ['H100', 'B200', 'A100'];
const MODELS = ['m/a', 'm/b', 'm/c', 'm/d'];

function records(n: number, seed: number) {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, (_, i) =>
    makeRecord({
      label: `run ${seed}-${i}`,
      model: { id: MODELS[i % MODELS.length] },
      hardware: { gpu_model: GPUS[(i * 7) % 3], gpu_count: 1, simulated: i % 5 === 0 },
      knobs: { max_num_seqs: 2 ** (i % 6), sm_clock_mhz: 1000 + (i % 4) * 200 },
      // few distinct values (ties) and every 6th run without energy (NULL)
      metrics:
        i % 6 === 0
          ? { duration_s: 10 }
          : { duration_s: 10 + (i % 9), energy_j: 1000 + Math.floor(rnd() * 20) * 10, completed: 10 },
    }),
  );
}

beforeAll(() => {
  db = openDb(':memory:');
  for (const name of ['s1', 's2']) studies.push(createStudy(db, { name }).id);
  insertRuns(db, studies[0], records(400, 1));
  insertRuns(db, studies[1], records(150, 2));
});

function randomParams(rnd: () => number): ListRunsParams {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const sorts: SortKey[] = ['energy_j', 'max_num_seqs', 'duration_s', 'energy_per_output_token_j', 'id'];
  const p: ListRunsParams = {
    sort: pick(sorts),
    order: pick(['asc', 'desc'] as const),
    limit: pick([1, 7, 50]),
    offset: pick([0, 0, 3, 40, 1000]),
  };
  if (rnd() < 0.8) p.study = pick(studies);
  if (rnd() < 0.4) p.gpu = [pick(GPUS), ...(rnd() < 0.3 ? ['nope'] : [])];
  if (rnd() < 0.3) p.model = [pick(MODELS), pick(MODELS)];
  if (rnd() < 0.2) p.simulated = rnd() < 0.5;
  if (rnd() < 0.5) p.knobs = { max_num_seqs: { min: pick([1, 4, 16]), ...(rnd() < 0.5 ? { max: 16 } : {}) } };
  if (rnd() < 0.3) p.metricMax = { energy_j: pick([1050, 1100, 1200]) };
  return p;
}

function expectSame(p: ListRunsParams) {
  const mem = listRunRows(db, p);
  const sql = listRunRows(db, p, { sqlOnly: true });
  const where = JSON.stringify(p);
  expect(mem.total, where).toBe(sql.total);
  expect(
    mem.rows.map((r) => r.id),
    where,
  ).toEqual(sql.rows.map((r) => r.id));
  expect(mem.nextCursor, where).toEqual(sql.nextCursor);
  return { mem, sql };
}

test('random filters and sorts: the in-memory page equals the SQL page', () => {
  const rnd = mulberry32(7);
  let applied = 0;
  for (let k = 0; k < 300; k++) {
    const p = randomParams(rnd);
    if (memoryPageApplies(p)) applied++;
    expectSame(p);
  }
  // The comparison is only worth something if most cases took the in-memory path.
  expect(applied).toBeGreaterThan(200);
});

test('keyset pages walk the same rows on both paths, through the missing values', () => {
  for (const order of ['asc', 'desc'] as const) {
    const base: ListRunsParams = {
      study: studies[0],
      sort: 'energy_j',
      order,
      limit: 37,
      knobs: { max_num_seqs: { min: 2 } },
    };
    expect(memoryPageApplies(base)).toBe(true);
    let cursor = undefined;
    const seen: number[] = [];
    for (let page = 0; page < 50; page++) {
      const { mem } = expectSame({ ...base, cursor });
      seen.push(...mem.rows.map((r) => r.id));
      if (!mem.nextCursor) break;
      cursor = mem.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(listRunRows(db, { ...base, limit: 1000 }, { sqlOnly: true }).total);
  }
});

test('after an append and a delete the in-memory page still equals the SQL page', () => {
  const p: ListRunsParams = { study: studies[1], gpu: ['H100'], sort: 'energy_j', order: 'desc', limit: 1000 };
  expectSame(p);
  insertRuns(db, studies[1], records(60, 3));
  const after = expectSame(p);
  deleteRuns(
    db,
    after.mem.rows.slice(0, 5).map((r) => r.id),
  );
  const afterDelete = expectSame(p);
  expect(afterDelete.mem.total).toBe(after.mem.total - 5);
});
