/**
 * Large run-column reads in a worker thread (db/queries/run-columns-thread.ts): what the thread
 * reads and hands over must be what the synchronous path would hold, and the synchronous path
 * must notice what changed after it (appends, deletes). minRuns: 1 sends every read to the thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { clearRunColumns, scopeColumns } from '@/db/queries/run-columns';
import { threadReads, warmScopeOffThread } from '@/db/queries/run-columns-thread';
import { unknownIdentityIds } from '@/db/queries/config-identity';
import { readColumns } from '@/db/queries/explore';
import { insertRuns, listRuns, warmRunPageColumns } from '@/db/queries/runs';
import { computeExplorerView, warmExplorerColumns } from '@/lib/explore/compute';
import { parseViewState } from '@/lib/explore/state';
import { createStudy } from '@/db/queries/studies';
import { records } from './run-columns-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-columns-thread-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(name: string, n: number) {
  const db = openDb(path.join(dir, `${name}.db`));
  const s = createStudy(db, { name }).id;
  insertRuns(db, s, records(0, n), { dedupe: false });
  return { db, s };
}

/** What a scope holds, decoded, for comparison with another connection's read. */
function held(db: DB, study: number, numeric: string[]) {
  const sc = scopeColumns(db, study, numeric);
  const m = sc.cats.model_id;
  return {
    n: sc.n,
    id: Array.from(sc.id.subarray(0, sc.n)),
    simulated: Array.from(sc.simulated.subarray(0, sc.n)),
    model: Array.from(m.codes.subarray(0, sc.n), (c) => m.values[c]),
    nums: numeric.map((c) => Array.from(sc.nums.get(c)!.subarray(0, sc.n), (v) => (Number.isNaN(v) ? null : v))),
  };
}

/** The same scope read inline on a fresh connection: the reference. */
function inline(file: string, study: number, numeric: string[]) {
  const other = openDb(file);
  try {
    return held(other, study, numeric);
  } finally {
    other.$client.close();
  }
}

describe('run columns read in a worker thread', () => {
  test('a whole scope, then a late column: what the thread reads is what an inline read holds', async () => {
    const { db, s } = setup('full', 3000);
    const before = { ...threadReads };
    expect(await warmScopeOffThread(db, s, ['energy_j'], { minRuns: 1 })).toBe(true);
    expect(threadReads.full).toBe(before.full + 1);
    expect(held(db, s, ['energy_j'])).toEqual(inline(db.$client.name, s, ['energy_j']));

    expect(await warmScopeOffThread(db, s, ['energy_j', 'tpot_ms_p99'], { minRuns: 1 })).toBe(true);
    expect(threadReads.late).toBe(before.late + 1);
    const cols = ['energy_j', 'tpot_ms_p99'];
    expect(held(db, s, cols)).toEqual(inline(db.$client.name, s, cols));

    // Held and current: nothing to read, in the thread or inline.
    expect(await warmScopeOffThread(db, s, cols, { minRuns: 1 })).toBe(false);
    expect(threadReads.full + threadReads.late).toBe(before.full + before.late + 2);
  });

  test('small scopes stay inline', async () => {
    const { db, s } = setup('small', 200);
    const before = threadReads.full;
    expect(await warmScopeOffThread(db, s, ['energy_j'], { minRuns: 1000 })).toBe(false);
    expect(threadReads.full).toBe(before);
  });

  test('concurrent requests for a cold scope share one thread read', async () => {
    const { db, s } = setup('shared', 2000);
    const before = threadReads.full;
    const got = await Promise.all([1, 2, 3].map(() => warmScopeOffThread(db, s, ['energy_j'], { minRuns: 1 })));
    expect(got.filter(Boolean).length).toBe(1); // one read it; the others waited for it
    expect(threadReads.full).toBe(before + 1);
    expect(held(db, s, ['energy_j'])).toEqual(inline(db.$client.name, s, ['energy_j']));
  });

  test('runs appended or deleted after the thread read are seen by the next read', async () => {
    const { db, s } = setup('changes', 2000);
    await warmScopeOffThread(db, s, ['energy_j'], { minRuns: 1 });
    // Appended by another connection (an import thread): read as an append, not a reload.
    const writer = openDb(db.$client.name);
    insertRuns(writer, s, records(2000, 300), { dedupe: false });
    expect(held(db, s, ['energy_j'])).toEqual(inline(db.$client.name, s, ['energy_j']));
    expect(held(db, s, ['energy_j']).n).toBe(2300);
    // Deleted: run_epoch moves, the scope is read again.
    writer.$client.prepare('DELETE FROM runs WHERE id % 10 = 0').run();
    writer.$client.close();
    const after = held(db, s, ['energy_j']);
    expect(after).toEqual(inline(db.$client.name, s, ['energy_j']));
    expect(after.n).toBe(2070);
  });

  test('a held scope whose runs were deleted is read again whole, with the new column', async () => {
    const { db, s } = setup('race', 2000);
    await warmScopeOffThread(db, s, ['energy_j'], { minRuns: 1 });
    held(db, s, ['energy_j']); // the main connection checks what it was handed
    const writer = openDb(db.$client.name);
    writer.$client.prepare('DELETE FROM runs WHERE id % 3 = 0').run(); // another epoch
    writer.$client.close();
    // The held scope is now stale: a full read in the thread, with both columns.
    expect(await warmScopeOffThread(db, s, ['energy_j', 'tpot_ms_p99'], { minRuns: 1 })).toBe(true);
    const cols = ['energy_j', 'tpot_ms_p99'];
    expect(held(db, s, cols)).toEqual(inline(db.$client.name, s, cols));
    clearRunColumns(db);
  });

  test('a late column for rows that grew meanwhile is dropped, and read again for the rows held now', async () => {
    const { db, s } = setup('late-race', 2000);
    await warmScopeOffThread(db, s, ['energy_j'], { minRuns: 1 });
    held(db, s, ['energy_j']);
    const before = threadReads.late;
    const warming = warmScopeOffThread(db, s, ['energy_j', 'tpot_ms_p99'], { minRuns: 1 }); // sent for 2,000 rows
    const writer = openDb(db.$client.name);
    insertRuns(writer, s, records(2000, 300), { dedupe: false });
    writer.$client.close();
    expect(held(db, s, ['energy_j']).n).toBe(2300); // the main connection appended before the answer came
    expect(await warming).toBe(true);
    expect(threadReads.late).toBe(before + 2); // the first answer no longer fit and was dropped
    const cols = ['energy_j', 'tpot_ms_p99'];
    expect(held(db, s, cols)).toEqual(inline(db.$client.name, s, cols));
  });

  test('a view the cache answers reads no columns, even when its study has left the held ones', async () => {
    const db = openDb(path.join(dir, 'cached.db'));
    const studies = [1, 2, 3, 4].map((k) => {
      const s = createStudy(db, { name: `s${k}` }).id;
      insertRuns(db, s, records(k * 1000, 500), { dedupe: false });
      return s;
    });
    const stateOf = (s: number) => parseViewState(new URLSearchParams(`study=${s}`)).state;
    for (const s of studies) computeExplorerView(db, stateOf(s)); // the 4th drops the 1st's columns
    const before = threadReads.full;
    await warmExplorerColumns(db, stateOf(studies[0]), {}, { minRuns: 1 });
    expect(threadReads.full).toBe(before); // cached: nothing read
    await warmExplorerColumns(db, { ...stateOf(studies[0]), y: 'ttft_ms_p99' }, {}, { minRuns: 1 });
    expect(threadReads.full).toBe(before + 1); // not cached, scope not held: read in the thread
  });

  test('a runs page answered from memory reads its columns in the thread; an id page does not', async () => {
    const { db, s } = setup('runs-page', 2000);
    const page = { study: s, sort: 'tpot_ms_p99' as const, order: 'asc' as const, limit: 20 };
    const before = threadReads.full;
    expect(await warmRunPageColumns(db, page, { minRuns: 1 })).toBe(true);
    expect(threadReads.full).toBe(before + 1);
    // The page from the handed-over columns is the page a fresh connection computes inline.
    const other = openDb(db.$client.name);
    try {
      expect(listRuns(db, page)).toEqual(listRuns(other, page));
    } finally {
      other.$client.close();
    }
    // An unfiltered id page walks SQLite's id index: nothing to read in the thread.
    expect(await warmRunPageColumns(db, { sort: 'id' }, { minRuns: 1 })).toBe(false);
    expect(threadReads.full).toBe(before + 1);
  });

  test("a configurations view: its runs' identities are read in the thread, and the view is the one read inline", async () => {
    const { db, s } = setup('identity', 3000);
    const st = parseViewState(new URLSearchParams(`study=${s}&agg=configs`)).state;
    const before = threadReads.identity;
    await warmExplorerColumns(db, st, {}, { minRuns: 1, identityMinRuns: 1 });
    expect(threadReads.identity).toBe(before + 1);
    const f = { ...st, study: s };
    expect(unknownIdentityIds(db, readColumns(db, f, [], null).id)).toEqual([]);
    const other = openDb(db.$client.name);
    try {
      const [v, ref] = [computeExplorerView(db, st), computeExplorerView(other, st)];
      expect(v.configs!.total).toBeGreaterThan(1);
      expect({ ...v, timingMs: 0 }).toEqual({ ...ref, timingMs: 0 });
    } finally {
      other.$client.close();
    }
    // Over the configuration limit (drawn as runs, no identity needed): nothing is sent.
    const big = setup('identity-over-limit', 3000);
    const over = parseViewState(new URLSearchParams(`study=${big.s}&agg=configs`)).state;
    await warmExplorerColumns(big.db, over, { maxConfigRuns: 10 }, { minRuns: 1, identityMinRuns: 1 });
    expect(threadReads.identity).toBe(before + 1);
    expect(unknownIdentityIds(big.db, readColumns(big.db, { ...over, study: big.s }, [], null).id)).toHaveLength(3000);
  });
});
