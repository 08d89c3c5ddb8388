/**
 * Compare: does a difference between two runs exceed measurement noise? Each run stands for its
 * configuration (its repeats in the same study); Welch's test on the repeats says yes or no. With
 * a single run on either side there is no estimate of noise, and the verdict says exactly that.
 */
import type { MetricKey } from '@/lib/metrics/keys';
import { welch } from '@/lib/stats/welch';
import { metricValues } from './summary';
import type { Configuration } from './types';

export type NoiseVerdict =
  | { kind: 'same-config' }
  | { kind: 'missing' }
  | { kind: 'single-run'; nBase: number; nOther: number; text: 'single run: no estimate of noise' }
  | { kind: 'exceeds-noise' | 'within-noise'; p: number; diff: number; nBase: number; nOther: number };

/** The metrics compare marks (energy, throughput, the SLO latencies, power). */
export const NOISE_METRICS: readonly MetricKey[] = [
  'energy_per_output_token_j',
  'energy_per_request_j',
  'output_throughput_tps',
  'tpot_ms_p99',
  'ttft_ms_p99',
  'avg_power_w',
];

export function noiseVerdict(base: Configuration, other: Configuration, m: MetricKey): NoiseVerdict {
  if (base.key === other.key) return { kind: 'same-config' };
  const a = metricValues(other, m);
  const b = metricValues(base, m);
  if (!a.length || !b.length) return { kind: 'missing' };
  const w = welch(a, b);
  if (!w.ok) return { kind: 'single-run', nBase: b.length, nOther: a.length, text: 'single run: no estimate of noise' };
  return {
    kind: w.significant ? 'exceeds-noise' : 'within-noise',
    p: w.p,
    diff: w.diff,
    nBase: b.length,
    nOther: a.length,
  };
}
