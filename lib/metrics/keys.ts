/** Metric keys of the run record (public contract). Definitions live in ./catalogue.ts. */
export const PERCENTILES = ['mean', 'p50', 'p90', 'p95', 'p99'] as const;
export type Percentile = (typeof PERCENTILES)[number];

export const LATENCY_FAMILIES = ['ttft', 'tpot', 'itl', 'e2e'] as const;
export type LatencyFamily = (typeof LATENCY_FAMILIES)[number];

const latencyKeys = LATENCY_FAMILIES.flatMap((f) => PERCENTILES.map((p) => `${f}_ms_${p}` as const));

export const METRIC_KEYS = [
  'duration_s',
  'completed',
  'failed',
  'request_throughput_rps',
  'output_throughput_tps',
  'total_throughput_tps',
  'goodput_rps',
  ...latencyKeys,
  'energy_j',
  'avg_power_w',
  'peak_power_w',
  'energy_per_output_token_j',
  'energy_per_token_j',
  'energy_per_request_j',
  'kwh_per_1m_output_tokens',
  'kwh_per_1m_tokens',
] as const;

export type MetricKey = (typeof METRIC_KEYS)[number];

export function isMetricKey(k: string): k is MetricKey {
  return (METRIC_KEYS as readonly string[]).includes(k);
}
