/**
 * Summary statistics as vLLM's benchmark_serving defines them: percentiles by numpy's default
 * method (linear interpolation between closest ranks), means over the values present.
 */

/** numpy.percentile(values, q) with the default 'linear' method; q in [0, 100]. */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

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
  return { mean: mean(s), p50: percentile(s, 50), p90: percentile(s, 90), p95: percentile(s, 95), p99: percentile(s, 99) };
}

/** Seeded PRNG (mulberry32): reproducible synthetic workloads and arrival times. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box-Muller) from a uniform source. */
export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
