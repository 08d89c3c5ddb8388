import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { getStudy } from '@/db/queries/studies';
import { getSweep, sweepView } from '@/db/queries/sweeps';
import { sweepPointResults } from '@/db/queries/sweep-results';
import { writeAccess } from '@/components/auth/write-gate';
import { SweepDetail } from '@/components/sweeps/sweep-detail';
import type { SweepViewClient } from '@/components/sweeps/api';

export const dynamic = 'force-dynamic';

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d+$/.test(id)) notFound();
  const db = getDb();
  if (!getSweep(db, Number(id))) notFound();
  const v = sweepView(db, Number(id));
  const initial = {
    ...v,
    studyName: v.studyId ? (getStudy(db, v.studyId)?.name ?? null) : null,
    results: sweepPointResults(
      db,
      v.points.flatMap((p) => (p.runId ? [p.runId] : [])),
    ),
  } as unknown as SweepViewClient;
  const access = await writeAccess('engineer');
  return <SweepDetail id={Number(id)} initial={initial} canWrite={access.ok} />;
}
