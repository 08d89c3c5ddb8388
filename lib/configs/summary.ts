/**
 * Per-metric summary of a configuration's runs: n, mean, sd and a 95% interval for the mean.
 * Student t by default; a percentile bootstrap for ratio metrics (energy per token / request, kWh
 * per 1M tokens): a ratio's sampling distribution is skewed, and the bootstrap does not assume it
 * is symmetric. The bootstrap needs enough runs to resample: below BOOTSTRAP_MIN_N the handful of
 * distinct resamples makes it too narrow, so t is used (and `method` says which).
 */
import { bootstrapInterval } from '@/lib/stats/bootstrap';
import { describe } from '@/lib/stats/describe';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import type { Configuration, MetricSummary } from './types';

export const RATIO_METRICS: ReadonlySet<MetricKey> = new Set<MetricKey>([
  'energy_per_output_token_j',
  'energy_per_token_j',
  'energy_per_request_j',
  'kwh_per_1m_output_tokens',
  'kwh_per_1m_tokens',
]);
export const BOOTSTRAP_MIN_N = 8;

/** A stable seed per configuration, so the same runs always give the same bootstrap interval. */
export function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function summarizeValues(values: readonly number[], ratio: boolean, seed: number): MetricSummary {
  const d = describe(values);
  if (d.n === 0) return { n: 0, mean: NaN, sd: null, ci95: null, method: null };
  if (d.n < 2) return { ...d, method: null };
  if (ratio && d.n >= BOOTSTRAP_MIN_N)
    return { ...d, ci95: bootstrapInterval(values.filter(Number.isFinite), { seed }), method: 'bootstrap' };
  return { ...d, method: 't' };
}

export function metricValues(c: Configuration, m: MetricKey): number[] {
  const out: number[] = [];
  for (const r of c.runs) {
    const v = r.metrics[m];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** Summaries of every metric that at least one run of the configuration has. */
export function summarizeConfig(
  c: Configuration,
  metrics: readonly MetricKey[] = METRIC_KEYS,
): Partial<Record<MetricKey, MetricSummary>> {
  const out: Partial<Record<MetricKey, MetricSummary>> = {};
  const seed = seedOf(c.key);
  for (const m of metrics) {
    const v = metricValues(c, m);
    if (v.length) out[m] = summarizeValues(v, RATIO_METRICS.has(m), seed);
  }
  return out;
}
