/**
 * Summary statistics as vLLM's benchmark_serving defines them: percentiles by numpy's default
 * method (linear interpolation between closest ranks), means over the values present.
 */
import { percentile, rng } from '@/lib/stats';

export { percentile, rng };

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export type Summary = { mean?: number; p50?: number; p90?: number; p95?: number; p99?: number };

export function summarize(values: readonly number[]): Summary {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return {};
  return {
    mean: mean(s),
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
  };
}

/** Standard normal draw (Box-Muller) from a uniform source. */
export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
