/**
 * Import notes graded by how much they matter, so "tp inferred from the file name" does not look
 * as serious as "no energy data": the importers write plain sentences (warnings: string[]), and
 * this grades them by what they say. Client-safe (the import page renders the grades).
 *  - error: the run's numbers are wrong or missing where it counts (invalid result, inconsistent
 *    values, energy not computed, no runs, every request failed);
 *  - warning: a value was assumed, skipped or recorded differently from what a reader expects;
 *  - info: a value was inferred or computed the documented way, or a file was split by design.
 */
import type { MetricKey } from '@/lib/metrics/keys';

export type Severity = 'info' | 'warning' | 'error';

const ERROR = [
  /\bINVALID\b/,
  /^inconsistent values/,
  /energy not computed/,
  /no runs$/,
  /every request failed/,
  /nothing to join/,
];
const INFO = [
  /inferred from/,
  /^joined into /,
  /^joined with /,
  /one run per key/,
  /computed as/,
  /^no benchmark duration in file: duration =/,
  /request samples have no start times/,
  /per-request start times not stored/,
  /skipped \(no token metrics\)/,
];

export function gradeNote(text: string): Severity {
  if (ERROR.some((re) => re.test(text))) return 'error';
  if (INFO.some((re) => re.test(text))) return 'info';
  return 'warning';
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Notes with their grade, most serious first (stable within a grade). */
export function gradeNotes(notes: readonly string[]): { text: string; severity: Severity }[] {
  return notes
    .map((text, i) => ({ text, severity: gradeNote(text), i }))
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.i - b.i)
    .map(({ text, severity }) => ({ text, severity }));
}

/** The metric the explorer's energy axis needs: a run without it does not plot there. */
export const PLOT_METRIC: MetricKey = 'energy_per_output_token_j';

/**
 * What will not plot: "0 of 3 runs have energy data: they will not plot on the energy charts".
 * Null when every run has energy data (or there are no runs).
 */
export function plotSummary(runs: readonly { metrics: Partial<Record<MetricKey, number>> }[]): {
  severity: Severity;
  text: string;
  withEnergy: number;
  total: number;
} | null {
  const total = runs.length;
  if (!total) return null;
  const withEnergy = runs.filter((r) => typeof r.metrics[PLOT_METRIC] === 'number').length;
  if (withEnergy === total) return null;
  const missing = total - withEnergy;
  const verb = withEnergy === 1 || total === 1 ? 'has' : 'have'; // "0 of 3 runs have", "0 of 1 run has"
  return {
    severity: withEnergy === 0 ? 'error' : 'warning',
    withEnergy,
    total,
    text:
      `${withEnergy} of ${total} run${total === 1 ? '' : 's'} ${verb} energy data: ` +
      `${withEnergy === 0 ? (total === 1 ? 'it' : 'they') : `the other ${missing === 1 ? 'one' : missing}`} will not plot on the energy charts` +
      (missing === 1
        ? ' (it still imports and shows in the runs table with its latency and throughput).'
        : ' (they still import and show in the runs table with their latency and throughput).'),
  };
}
