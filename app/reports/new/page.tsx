import Link from 'next/link';
import { AccessDenied } from '@/components/auth/access-denied';
import { getDb } from '@/db/client';
import { NewReportForm } from '@/components/reports/new-report-form';
import { pageRole } from '@/lib/auth/page';
import { computeExplorerView, warmExplorerColumns } from '@/lib/explore/compute';
import { fmtNum } from '@/lib/format';
import { sloPhrase } from '@/lib/reports/words';
import { parseViewState, viewStateToQuery } from '@/lib/explore/state';

export const dynamic = 'force-dynamic';

/** Draft a report from an explorer view (the URL carries the view; ?runs=1,2,3 optionally pins the runs). */
export default async function NewReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await pageRole('engineer');
  if (access.denied) return <AccessDenied title="New report" reason={access.denied} />;
  const sp = await searchParams;
  const { runs, ...rest } = sp;
  const { state, issues } = parseViewState(rest);
  const runIds =
    typeof runs === 'string' && runs
      ? runs
          .split(',')
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0)
      : null;
  const opts = { maxPoints: 0, maxFrontierDetail: 50 };
  await warmExplorerColumns(getDb(), state, opts); // a large first read happens off the event loop
  const view = computeExplorerView(getDb(), state, opts);
  const query = viewStateToQuery(state);
  const slo = view.slo.map(sloPhrase).join(', ');
  const defaultTitle = `${view.axes.y.label} vs ${view.axes.x.label}${view.studyName ? ` — ${view.studyName}` : ''}${slo ? ` under SLO` : ''}`;
  return (
    <div className="stack">
      <h1>New report</h1>
      <div className="card">
        <p>
          View: <strong>{view.axes.y.label}</strong> vs <strong>{view.axes.x.label}</strong>
          {view.studyName ? ` in “${view.studyName}”` : ''}.{' '}
          {slo ? (
            <>
              SLOs: <span data-testid="draft-slo">{slo}</span>.
            </>
          ) : (
            'No SLOs.'
          )}{' '}
          {view.counts.plotted} runs plotted, {view.counts.frontier} on the frontier.{' '}
          {view.recommendedRun
            ? `Recommended: ${view.recommendedRun.label} (${fmtNum(view.recommendedRun.metrics[view.objective.key])} ${view.objective.unit}).`
            : 'No run meets the SLOs.'}
        </p>
        <p className="muted">
          Creating the report copies these runs into it: later edits or deletions of runs do not change it.{' '}
          {runIds
            ? `${runIds.length} runs were selected in the explorer, plus the frontier and the recommendation.`
            : 'It keeps the frontier, the recommendation, the baseline and the plotted sample (up to 2,000 runs).'}{' '}
          <Link href={`/explore${query}`}>Back to the explorer</Link>
        </p>
        {issues.length > 0 && <p className="warn">Ignored: {issues.join('; ')}</p>}
      </div>
      <NewReportForm
        query={query}
        runIds={runIds}
        defaultTitle={defaultTitle.slice(0, 200)}
        defaults={{ price: state.price, grid: state.grid }}
      />
    </div>
  );
}
