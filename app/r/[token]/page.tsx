import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { resolveShareLink } from '@/db/queries/reports';
import { ReportView } from '@/components/reports/report-view';
import { SharedChrome } from '@/components/reports/shared-chrome';
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
    <SharedChrome>
      <ReportView data={reportData(report)} exportBase={`/r/${token}/export`} />
    </SharedChrome>
  );
}
