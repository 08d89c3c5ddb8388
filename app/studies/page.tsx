import { getDb } from '@/db/client';
import { listStudies } from '@/db/queries/studies';
import { StudiesManager } from '@/components/studies/studies-manager';
import { WriteGate, writeAccess } from '@/components/auth/write-gate';

export const dynamic = 'force-dynamic';

export default async function StudiesPage() {
  const studies = listStudies(getDb());
  const access = await writeAccess('engineer');
  return (
    <>
      <h1>Studies</h1>
      <p className="muted">
        A study is a named collection of runs. Select runs in the runs table to move them between studies.
      </p>
      {/* Read-only list with the way in, or the list with its create / rename / delete controls. */}
      <WriteGate role="engineer" action="create, rename or delete studies">
        {null}
      </WriteGate>
      <StudiesManager studies={studies} canWrite={access.ok} />
    </>
  );
}
