/**
 * Numeric helpers shared by the harness, the importers, benchmarks and tests (client-safe, no
 * imports): numpy's default percentile and the one seeded PRNG.
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
