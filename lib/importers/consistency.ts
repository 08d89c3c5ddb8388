/**
 * Consistency checks run on every imported record: the numbers of one run must agree with each
 * other, whatever the source file claims. A violation is a preview warning and a note on the run
 * (extra.consistency); the fixture tests fail on any violation they did not expect.
 *  - energy ~= average power x duration (within 5%)
 *  - energy per output token ~= energy / output tokens (same window, within 5%)
 *  - output / total / request throughput ~= tokens or requests / duration (within 5%)
 *  - latency percentiles ordered: p50 <= p90 <= p95 <= p99, in each family
 */
import { LATENCY_FAMILIES } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';

export const CONSISTENCY_TOLERANCE = 0.05;

const pos = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** Relative difference of two positive numbers, against the larger. */
const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(a, b);

function ratioCheck(out: string[], what: string, given: unknown, expected: number | undefined, from: string) {
  if (!pos(given) || !pos(expected)) return;
  const d = relDiff(given, expected);
  if (d > CONSISTENCY_TOLERANCE)
    out.push(`${what} ${fmt(given)} differs from ${from} = ${fmt(expected)} by ${(d * 100).toFixed(0)}%`);
}

/** The inconsistencies of one run, as sentences (empty when the run agrees with itself). */
export function runInconsistencies(r: RunRecord): string[] {
  const m = r.metrics;
  const w = r.workload ?? {};
  const out: string[] = [];
  const dur = m.duration_s;
  if (pos(dur)) {
    ratioCheck(
      out,
      'energy (J)',
      m.energy_j,
      pos(m.avg_power_w) ? m.avg_power_w * dur : undefined,
      'avg power x duration',
    );
    ratioCheck(
      out,
      'output throughput (tok/s)',
      m.output_throughput_tps,
      pos(w.output_tokens_total) ? w.output_tokens_total / dur : undefined,
      'output tokens / duration',
    );
    const all =
      pos(w.output_tokens_total) && pos(w.input_tokens_total)
        ? w.output_tokens_total + w.input_tokens_total
        : undefined;
    ratioCheck(
      out,
      'total throughput (tok/s)',
      m.total_throughput_tps,
      all !== undefined ? all / dur : undefined,
      '(input + output tokens) / duration',
    );
    ratioCheck(
      out,
      'request throughput (req/s)',
      m.request_throughput_rps,
      pos(m.completed) ? m.completed / dur : undefined,
      'completed / duration',
    );
  }
  ratioCheck(
    out,
    'energy per output token (J)',
    m.energy_per_output_token_j,
    pos(m.energy_j) && pos(w.output_tokens_total) ? m.energy_j / w.output_tokens_total : undefined,
    'energy / output tokens',
  );
  for (const fam of LATENCY_FAMILIES) {
    const ps = (['p50', 'p90', 'p95', 'p99'] as const)
      .map((p) => [p, m[`${fam}_ms_${p}`]] as const)
      .filter(([, v]) => typeof v === 'number');
    for (let i = 1; i < ps.length; i++) {
      const [pa, a] = ps[i - 1];
      const [pb, b] = ps[i];
      // A hair of slack for values rounded by the writer.
      if ((a as number) > (b as number) * (1 + 1e-9) + 1e-9)
        out.push(
          `${fam.toUpperCase()} percentiles out of order: ${pa} ${fmt(a as number)} ms > ${pb} ${fmt(b as number)} ms`,
        );
    }
  }
  return out;
}

/**
 * Checks every run, notes violations on the run (extra.consistency) and returns them as file
 * warnings naming the run.
 */
export function checkConsistency(runs: RunRecord[]): string[] {
  const warnings: string[] = [];
  for (const r of runs) {
    const issues = runInconsistencies(r);
    if (!issues.length) {
      if (r.extra) delete r.extra.consistency;
      continue;
    }
    r.extra = { ...(r.extra ?? {}), consistency: issues };
    for (const i of issues) warnings.push(`inconsistent values in run "${r.label}": ${i}`);
  }
  return warnings;
}
