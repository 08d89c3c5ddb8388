import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { resolveShareLink } from '@/db/queries/reports';
import { ReportView } from '@/components/reports/report-view';
import { AppError } from '@/lib/errors';
import { reportData } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';
// The token is in the URL: never leak it to other sites through the Referer header.
export const metadata: Metadata = { referrer: 'no-referrer', robots: { index: false, follow: false } };

/** A shared report for someone without an account: only this report, read-only. */
export default async function SharedReportPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let report;
  try {
    report = resolveShareLink(getDb(), token, { touch: true }).report;
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 410)) notFound();
    throw e;
  }
  return (
    <>
      {/* Share-link readers have no account: hide the dashboard navigation (its pages would only ask for a login). */}
      <style>{'.topbar nav, .topbar > a:not(.brand), .topbar .spacer ~ * { display: none !important; }'}</style>
      <ReportView data={reportData(report)} exportBase={`/r/${token}/export`} />
      <p className="muted no-print">Shared read-only report from Joulebench. The data was frozen when the report was created.</p>
    </>
  );
}
