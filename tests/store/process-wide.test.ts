/**
 * Server caches are process-wide (lib/process-wide.ts): Next.js loads a module once per bundle
 * layer (route handlers, pages), and both copies must share one set of run columns and one view
 * cache. Two fresh copies of the modules (vi.resetModules) stand for the two layers here.
 */
import { expect, test, vi } from 'vitest';
import { openDb } from '@/db/client';
import { insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { DEFAULT_VIEW, type ViewState } from '@/lib/explore/state';
import { rec } from '../explore/fixtures';

async function freshCopies() {
  vi.resetModules();
  const cols = await import('@/db/queries/run-columns');
  const compute = await import('@/lib/explore/compute');
  return { scopeColumns: cols.scopeColumns, computeExplorerView: compute.computeExplorerView };
}

test('two copies of the modules share the run columns and the cached views', async () => {
  const db = openDb(':memory:');
  const s = createStudy(db, { name: 's' }).id;
  insertRuns(
    db,
    s,
    Array.from({ length: 20 }, (_, i) =>
      rec({ model: 'm', gpu: 'H100', metrics: { energy_j: 100 + i, duration_s: 10, completed: 5 } }, i),
    ),
    { dedupe: false },
  );
  const a = await freshCopies();
  const b = await freshCopies();
  expect(a.scopeColumns).not.toBe(b.scopeColumns); // really two module instances
  expect(b.scopeColumns(db, s, ['energy_j'])).toBe(a.scopeColumns(db, s, ['energy_j']));
  const st = { ...DEFAULT_VIEW, study: s } as ViewState;
  expect(b.computeExplorerView(db, st).points).toBe(a.computeExplorerView(db, st).points);
  db.$client.close();
});
