import { Suspense } from 'react';
import { getDb } from '@/db/client';
import { listRuns, runFacets, warmRunPageColumns } from '@/db/queries/runs';
import { listStudies } from '@/db/queries/studies';
import { parseRunQuery } from '@/lib/api/run-query';
import { RunsTable } from '@/components/runs/runs-table';
import { writeAccess } from '@/components/auth/write-gate';
import { queryKeys, RUNS_PAGE_SIZE } from '@/lib/client/queries';

export const dynamic = 'force-dynamic';

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) for (const x of [v].flat()) if (x !== undefined) sp.append(k, x);
  const db = getDb();
  let initial: { total: number; runs: unknown[] } = { total: 0, runs: [] };
  let error: string | null = null;
  try {
    const p = parseRunQuery(sp);
    await warmRunPageColumns(db, p);
    initial = listRuns(db, { ...p, limit: p.limit ?? RUNS_PAGE_SIZE });
  } catch (e) {
    error = (e as Error).message;
  }
  const studies = listStudies(db).map((s) => ({ id: s.id, name: s.name, runCount: s.runCount }));
  const study = sp.get('study');
  const facets = runFacets(db, study && /^\d+$/.test(study) ? Number(study) : undefined);
  return (
    <>
      <h1>Runs</h1>
      {error && <p className="error">Invalid filter: {error}</p>}
      <Suspense>
        <RunsTable
          initial={initial as never}
          initialKey={queryKeys.runsPage(sp)[1]}
          studies={studies}
          facets={facets}
          canWrite={(await writeAccess('engineer')).ok}
        />
      </Suspense>
    </>
  );
}
