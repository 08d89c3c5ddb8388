import { Headlines } from '@/components/overview/headlines';
import { ModelOptimaTable } from '@/components/overview/model-optima-table';
import { StudyCards } from '@/components/overview/study-cards';
import { getDb } from '@/db/client';
import { computeOverview } from '@/lib/overview';
import { plural } from '@/lib/overview/format';

export const dynamic = 'force-dynamic';

export default function OverviewPage() {
  const o = computeOverview(getDb());
  return (
    <>
      <h1>Overview</h1>
      <p data-testid="what-is-joulebench">
        <strong>Joulebench</strong> finds the LLM-serving configuration (GPU clock and power cap, batch size,
        parallelism) that uses the least energy per token while meeting your latency target, from benchmark results you
        import or sweeps it runs on your GPUs.
      </p>
      <p className="muted" data-testid="overview-counts">
        {plural(o.totalRuns, 'run')} in {plural(o.studies.length, 'study', 'studies')}
        {o.simulatedRuns ? ` (${o.simulatedRuns.toLocaleString('en-US')} simulated)` : ''}.
      </p>
      <Headlines o={o} />
      <StudyCards studies={o.studies} />
      {o.optima && <ModelOptimaTable optima={o.optima} />}
    </>
  );
}
