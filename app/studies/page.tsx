import { getDb } from '@/db/client';
import { listStudies } from '@/db/queries/studies';
import { StudiesManager } from '@/components/studies/studies-manager';

export const dynamic = 'force-dynamic';

export default function StudiesPage() {
  const studies = listStudies(getDb());
  return (
    <>
      <h1>Studies</h1>
      <p className="muted">
        A study is a named collection of runs. Select runs in the runs table to move them between studies.
      </p>
      <StudiesManager studies={studies} />
    </>
  );
}
