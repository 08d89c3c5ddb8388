/** Import notes graded by severity, and the "what will not plot" summary. */
import { expect, test } from 'vitest';
import { gradeNote, gradeNotes, plotSummary } from '@/lib/importers/note-severity';

test.each([
  ['tp=4 inferred from the file name', 'info'],
  ['joined into run_1_mlperf_log_summary.txt', 'info'],
  ['joined with mini_run_1_spl.txt', 'info'],
  ['GPU model not in file: set to "unknown" (fill it in with the batch fields)', 'warning'],
  ['no energy or power data in file', 'warning'],
  ['GPU model "H100" inferred from the file/SUT name', 'info'],
  ['3 summaries keyed by concurrency: one run per key', 'info'],
  ['per-request E2E latency computed as TTFT + sum of inter-token gaps (file has no latencies array)', 'info'],
  ['ttft: no unit given, assumed ms', 'warning'],
  ['MLPerf power is measured at the wall for the whole system (scope "system"), not GPU only', 'warning'],
  ['server engine not recorded in file (backend "openai" is a client API): engine set to "unknown"', 'warning'],
  ['loadgen result is INVALID', 'error'],
  ['inconsistent values in run "a": energy_j != avg_power_w * duration_s', 'error'],
  ['no PTDaemon samples inside the testing window: energy not computed', 'error'],
  ['no MLPerf summary or detail log in this upload: nothing to join, no runs', 'error'],
])('%s -> %s', (text, severity) => {
  expect(gradeNote(text)).toBe(severity);
});

test('gradeNotes puts the most serious first, keeping order within a grade', () => {
  const out = gradeNotes([
    'tp=2 inferred from the file name',
    'x: no unit given, assumed ms',
    'loadgen result is INVALID',
    'y: no unit given, assumed ms',
  ]);
  expect(out.map((n) => n.severity)).toEqual(['error', 'warning', 'warning', 'info']);
  expect(out[1].text.startsWith('x')).toBe(true);
});

test('plot summary: none of the runs has energy data', () => {
  const s = plotSummary([{ metrics: {} }, { metrics: { itl_ms_p99: 3 } }, { metrics: {} }]);
  expect(s?.severity).toBe('error');
  expect(s?.text).toMatch(/^0 of 3 runs have energy data: they will not plot/);
});

test('plot summary: some runs lack energy data', () => {
  const s = plotSummary([{ metrics: { energy_per_output_token_j: 0.2 } }, { metrics: {} }]);
  expect(s).toMatchObject({ severity: 'warning', withEnergy: 1, total: 2 });
  expect(s?.text).toMatch(/^1 of 2 runs has energy data: the other one will not plot/);
});

test('plot summary: every run plots, or no runs -> nothing to say', () => {
  expect(plotSummary([{ metrics: { energy_per_output_token_j: 0.2 } }])).toBeNull();
  expect(plotSummary([])).toBeNull();
});

test('plot summary of a single run without energy', () => {
  expect(plotSummary([{ metrics: {} }])?.text).toMatch(/^0 of 1 run has energy data: it will not plot/);
});
