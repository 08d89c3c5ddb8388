/**
 * Runs of a report for readers: the key columns only (run, GPU, the knobs that vary, the plotted,
 * objective and SLO metrics, meets SLOs), the frontier runs and the top N others; every run behind
 * "Show all" (loaded when opened, components/reports/all-runs.tsx) and in the CSV / JSON
 * downloads. Narrow enough for A4 portrait.
 */
import { feasibleIds } from '@/lib/reports/analysis';
import type { MetricKey } from '@/lib/metrics/keys';
import type { ReportData, SnapshotRun } from '@/lib/reports/types';
import { AllRuns } from './all-runs';
import { RunsTable, type RunsTableCols, type RunsTableMarks } from './runs-table';
import s from './report.module.css';

export const TOP_OTHERS = 10;

/** Frontier runs (in frontier order), then the best others by the objective, feasible first. */
function readerRuns(data: ReportData, feasible: Set<number>, n = TOP_OTHERS): SnapshotRun[] {
  const ev = data.snapshot.explorer;
  const byId = new Map(data.snapshot.runs.map((r) => [r.id, r]));
  const head = ev.frontier.map((id) => byId.get(id)).filter((r): r is SnapshotRun => !!r);
  const shown = new Set(head.map((r) => r.id));
  const key = ev.objective.key;
  const sign = ev.objective.direction === 'lower' ? 1 : -1;
  const val = (r: SnapshotRun) => r.metrics[key as MetricKey] ?? Number.POSITIVE_INFINITY * sign;
  const extra = [ev.recommended, ev.baseline.run?.id]
    .map((id) => (id == null ? undefined : byId.get(id)))
    .filter((r): r is SnapshotRun => !!r && !shown.has(r.id));
  extra.forEach((r) => shown.add(r.id));
  const others = data.snapshot.runs
    .filter((r) => !shown.has(r.id))
    .sort((a, b) => Number(feasible.has(b.id)) - Number(feasible.has(a.id)) || sign * (val(a) - val(b)))
    .slice(0, n);
  return [...head, ...extra, ...others];
}

export function ReportRuns({ data, exportBase }: { data: ReportData; exportBase: string }) {
  const ev = data.snapshot.explorer;
  const runs = data.snapshot.runs;
  const cols: RunsTableCols = {
    knobs: data.headline.knobs,
    metrics: [...new Set<string>([ev.axes.x.key, ev.axes.y.key, ev.objective.key, ...ev.slo.map((b) => b.metric)])],
    showModel: new Set(runs.map((r) => r.model.id)).size > 1,
    slo: ev.slo.length > 0,
  };
  const feasible = feasibleIds(runs, data.view.slo);
  const marks: RunsTableMarks = {
    recommended: ev.recommended ?? null,
    baseline: ev.baseline.run?.id ?? null,
    frontier: ev.frontier,
    feasible: [...feasible],
  };
  const shown = readerRuns(data, feasible);
  const models = [...new Set(runs.map((r) => r.model.id))];
  return (
    <section className={`${s.section} ${s.runsSection}`} data-testid="report-runs-section" aria-labelledby="runs-h">
      <h2 id="runs-h">Runs: the frontier and the {TOP_OTHERS} best others</h2>
      <p className={s.meta}>
        {shown.length} of {runs.length} frozen runs{cols.showModel ? '' : ` (all of ${models[0] ?? 'one model'})`}. ★
        recommended; “Frontier”: no other run is better on both axes. Columns that are the same for every run are left
        out; the downloads have every field.
      </p>
      <RunsTable runs={shown} cols={cols} marks={marks} testId="report-runs" />
      {/* Every frozen run is loaded when "Show all" opens: rendered here, ~1,000 rows were most of
          the page (2.4 MB of HTML and its copy in the RSC payload at 100k runs, docs/benchmarks.md). */}
      {runs.length > shown.length && (
        <AllRuns count={runs.length} src={`${exportBase}?format=json`} cols={cols} marks={marks} />
      )}
    </section>
  );
}
