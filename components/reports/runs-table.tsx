/**
 * One table of a report's runs (components/reports/report-runs.tsx): the server renders the
 * frontier and the best others with it, and the "Show all" table (all-runs.tsx) renders every
 * frozen run with it in the browser. Props are plain data, so the client table needs only the runs.
 */
import type { ExploreKnob } from '@/lib/explore/knobs';
import { fmtNum } from '@/lib/format';
import type { MetricKey } from '@/lib/metrics/keys';
import type { SnapshotRun } from '@/lib/reports/types';
import { knobName, metricUnit, metricWords } from '@/lib/reports/words';
import s from './report.module.css';

export interface RunsTableCols {
  knobs: ExploreKnob[];
  metrics: string[];
  showModel: boolean;
  slo: boolean;
}

/** What marks a row: the recommended run (★), the baseline, frontier runs, runs meeting the SLOs. */
export interface RunsTableMarks {
  recommended: number | null;
  baseline: number | null;
  frontier: number[];
  feasible: number[];
}

export function RunsTable({
  runs,
  cols,
  marks,
  testId,
}: {
  runs: SnapshotRun[];
  cols: RunsTableCols;
  marks: RunsTableMarks;
  testId: string;
}) {
  const frontier = new Set(marks.frontier);
  const feasible = new Set(marks.feasible);
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
            <tr key={r.id} className={r.id === marks.recommended ? s.rec : undefined}>
              <td data-label="Run">
                #{r.id}
                {r.id === marks.recommended ? ' ★' : ''}
                {r.id === marks.baseline ? ' (baseline)' : ''}
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
