/**
 * Runs of a report for readers: the key columns only (run, GPU, the knobs that vary, the plotted,
 * objective and SLO metrics, meets SLOs), the frontier runs and the top N others; every run behind
 * "Show all" (and in the CSV / JSON downloads). Narrow enough for A4 portrait.
 */
import type { ExploreKnob } from '@/lib/explore/knobs';
import { fmtNum } from '@/lib/format';
import type { MetricKey } from '@/lib/metrics/keys';
import { feasibleIds } from '@/lib/reports/analysis';
import type { ReportData, SnapshotRun } from '@/lib/reports/types';
import { knobName, metricUnit, metricWords } from '@/lib/reports/words';
import s from './report.module.css';

export const TOP_OTHERS = 10;

interface Cols {
  knobs: ExploreKnob[];
  metrics: string[];
  showModel: boolean;
  slo: boolean;
}

function RunsTable({
  runs,
  cols,
  data,
  testId,
}: {
  runs: SnapshotRun[];
  cols: Cols;
  data: ReportData;
  testId: string;
}) {
  const ev = data.snapshot.explorer;
  const frontier = new Set(ev.frontier);
  const feasible = feasibleIds(data.snapshot.runs, data.view.slo);
  return (
    <div className={s.tableWrap}>
      <table className={`${s.table} ${s.stackPhone}`} data-testid={testId}>
        <thead>
          <tr>
            <th>Run</th>
            <th className={`${s.hidePrint} ${s.hidePhone}`}>Label</th>
            {cols.showModel && <th>Model</th>}
            <th>GPU</th>
            {cols.knobs.map((k) => (
              <th key={k} className={s.num}>
                {knobName(k)}
              </th>
            ))}
            {cols.metrics.map((m) => (
              <th key={m} className={`${s.num} ${s.wrap}`}>
                {metricWords(m)} ({metricUnit(m)})
              </th>
            ))}
            {cols.slo && <th>Meets SLOs</th>}
            <th>Frontier</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className={r.id === ev.recommended ? s.rec : undefined}>
              <td data-label="Run">
                #{r.id}
                {r.id === ev.recommended ? ' ★' : ''}
                {r.id === ev.baseline.run?.id ? ' (baseline)' : ''}
                {r.hardware.simulated ? ' (sim)' : ''}
              </td>
              <td className={`${s.hidePrint} ${s.hidePhone}`}>{r.label}</td>
              {cols.showModel && (
                <td data-label="Model" className={s.wrap}>
                  {r.model.id}
                </td>
              )}
              <td data-label="GPU" className={s.nowrap}>
                {r.hardware.gpu_count}x {r.hardware.gpu_model}
              </td>
              {cols.knobs.map((k) => (
                <td key={k} data-label={knobName(k)} className={s.num}>
                  {fmtNum((r.knobs as Record<string, number | undefined>)[k])}
                </td>
              ))}
              {cols.metrics.map((m) => (
                <td key={m} data-label={`${metricWords(m)} (${metricUnit(m)})`} className={s.num}>
                  {fmtNum(r.metrics[m as MetricKey])}
                </td>
              ))}
              {cols.slo && (
                <td data-label="Meets SLOs" className={feasible.has(r.id) ? s.yes : s.no}>
                  {feasible.has(r.id) ? 'yes' : 'no'}
                </td>
              )}
              <td data-label="Frontier" className={frontier.has(r.id) ? undefined : s.hidePhone}>
                {frontier.has(r.id) ? 'yes' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Frontier runs (in frontier order), then the best others by the objective, feasible first. */
export function readerRuns(data: ReportData, n = TOP_OTHERS): SnapshotRun[] {
  const ev = data.snapshot.explorer;
  const byId = new Map(data.snapshot.runs.map((r) => [r.id, r]));
  const feasible = feasibleIds(data.snapshot.runs, data.view.slo);
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

export function ReportRuns({ data }: { data: ReportData }) {
  const ev = data.snapshot.explorer;
  const runs = data.snapshot.runs;
  const cols: Cols = {
    knobs: data.headline.knobs,
    metrics: [...new Set<string>([ev.axes.x.key, ev.axes.y.key, ev.objective.key, ...ev.slo.map((b) => b.metric)])],
    showModel: new Set(runs.map((r) => r.model.id)).size > 1,
    slo: ev.slo.length > 0,
  };
  const shown = readerRuns(data);
  const models = [...new Set(runs.map((r) => r.model.id))];
  return (
    <section className={`${s.section} ${s.runsSection}`} data-testid="report-runs-section" aria-labelledby="runs-h">
      <h2 id="runs-h">Runs: the frontier and the {TOP_OTHERS} best others</h2>
      <p className={s.meta}>
        {shown.length} of {runs.length} frozen runs{cols.showModel ? '' : ` (all of ${models[0] ?? 'one model'})`}. ★
        recommended; “Frontier”: no other run is better on both axes. Columns that are the same for every run are left
        out; the downloads have every field.
      </p>
      <RunsTable runs={shown} cols={cols} data={data} testId="report-runs" />
      {runs.length > shown.length && (
        <details className={s.more} data-testid="all-runs">
          <summary>Show all {runs.length} runs</summary>
          <RunsTable runs={runs} cols={cols} data={data} testId="report-runs-all" />
        </details>
      )}
    </section>
  );
}
