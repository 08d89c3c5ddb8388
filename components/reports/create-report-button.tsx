'use client';
/**
 * "Create report" for any explorer view: opens /reports/new with the view's URL query (and the
 * run ids it shows, optional), where the engineer adds a title and notes and freezes the data.
 * Mount it in the explorer toolbar:  <CreateReportButton view={state} runIds={frontierIds} />
 */
import Link from 'next/link';
import { viewStateToParams, type ViewState } from '@/lib/explore/state';

export function reportDraftHref(view: ViewState | string, runIds?: number[]): string {
  const sp = typeof view === 'string' ? new URLSearchParams(view.replace(/^\?/, '')) : viewStateToParams(view);
  if (runIds?.length) sp.set('runs', runIds.slice(0, 2000).join(','));
  const q = sp.toString();
  return `/reports/new${q ? `?${q}` : ''}`;
}

export function CreateReportButton({
  view,
  runIds,
  className,
}: {
  view: ViewState | string;
  runIds?: number[];
  className?: string;
}) {
  return (
    <Link className={className ?? 'btn'} href={reportDraftHref(view, runIds)} data-testid="create-report">
      Create report
    </Link>
  );
}
