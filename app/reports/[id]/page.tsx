import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { getReport } from '@/db/queries/reports';
import { ReportActions } from '@/components/reports/report-actions';
import { ReportView } from '@/components/reports/report-view';
import { ShareLinks } from '@/components/reports/share-links';
import { EditReport } from '@/components/reports/edit-report';
import { requirePageReader } from '@/lib/auth/page';
import { roleAtLeast } from '@/lib/auth/roles';
import { canManageReport, reportData } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const p = await requirePageReader();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const r = getReport(getDb(), id);
  if (!r) notFound();
  const data = reportData(r);
  const manage = canManageReport(p, r);
  return (
    <div className="stack">
      <div className="row no-print" style={{ justifyContent: 'space-between' }}>
        <Link href="/reports">← Reports</Link>
        {roleAtLeast(p.role, 'engineer') && <ReportActions id={r.id} title={r.title} canDelete={manage} />}
      </div>
      <ReportView
        data={data}
        exportBase={`/api/reports/${r.id}/export`}
        liveViewHref={`/explore${data.query}`}
        canSaveInputs={manage}
        top={manage ? <ShareLinks reportId={r.id} /> : undefined}
      />
      {manage && <EditReport id={r.id} title={r.title} notes={r.notes ?? ''} />}
    </div>
  );
}
