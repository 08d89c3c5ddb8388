/** Deterministic PRNG (mulberry32, lib/stats/sample.ts) so every benchmark run uses the same data. */
export { rng as mulberry32 } from '@/lib/stats';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
