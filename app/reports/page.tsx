import Link from 'next/link';
import { getDb } from '@/db/client';
import { listReports } from '@/db/queries/reports';
import { ReportActions } from '@/components/reports/report-actions';
import { requirePageReader } from '@/lib/auth/page';
import { roleAtLeast } from '@/lib/auth/roles';
import { canManageReport } from '@/lib/reports/service';
import { fmtDateTime } from '@/lib/reports/words';

export const dynamic = 'force-dynamic';

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const p = await requirePageReader();
  const q = (await searchParams).q ?? '';
  const reports = listReports(getDb(), { q });
  const engineer = roleAtLeast(p.role, 'engineer');
  return (
    <div className="stack">
      <h1>Reports</h1>
      <p className="muted">
        Frozen, shareable snapshots of explorer views.{' '}
        {engineer ? (
          <>
            Create one from any view in the <Link href="/explore">explorer</Link> (“Create report”).
          </>
        ) : null}
      </p>
      <form className="toolbar" method="get">
        <label className="field">
          Search title and notes
          <input name="q" defaultValue={q} type="search" />
        </label>
        <button className="btn" type="submit">
          Search
        </button>
      </form>
      <div className="table-wrap">
        <table className="table" data-testid="reports-table">
          <thead>
            <tr>
              <th>Title</th>
              <th className="num">Runs</th>
              <th>By</th>
              <th>Created</th>
              <th className="num">Active links</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/reports/${r.id}`}>{r.title}</Link>
                </td>
                <td className="num">{r.runCount}</td>
                <td>{r.createdByName}</td>
                <td>{fmtDateTime(r.createdAt)}</td>
                <td className="num">{r.activeLinks}</td>
                <td>{engineer && <ReportActions id={r.id} title={r.title} canDelete={canManageReport(p, r)} />}</td>
              </tr>
            ))}
            {!reports.length && (
              <tr>
                <td colSpan={6} className="muted">
                  {q ? 'No report matches.' : 'No reports yet.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
