/** POST /api/runs/move with more ids than SQLite has variables (32766): one JSON parameter, no 500. */
import { beforeAll, expect, it } from 'vitest';
import type { DB } from '@/db/client';
import { countRuns, insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { freshProcessDb, principalFixture, req } from '../auth/helpers';
import { makeRecord } from '../helpers/records';

let db: DB;
let token: string;
beforeAll(() => {
  db = freshProcessDb('runs-move');
  token = principalFixture(db, 'move-engineer', 'engineer').token;
});

it('moves 40,000 runs in one request', async () => {
  const a = createStudy(db, { name: 'from' }).id;
  const b = createStudy(db, { name: 'to' }).id;
  // One transaction: 40,000 autocommits would time the file system, not the move.
  const { ids } = db.transaction(() =>
    insertRuns(
      db,
      a,
      Array.from({ length: 40_000 }, (_, i) => makeRecord({ knobs: { max_num_seqs: 1, seed: i } })),
    ),
  );
  const { POST } = await import('@/app/api/runs/move/route');
  const res = await POST(req('/api/runs/move', { method: 'POST', token, body: { ids, studyId: b } }));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ moved: 40_000 });
  expect(countRuns(db, { study: b })).toBe(40_000);
  expect(countRuns(db, { study: a })).toBe(0);
});
