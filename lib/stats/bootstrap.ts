/**
 * Percentile bootstrap: resample the values with replacement B times, compute the statistic of
 * each resample, and take the 2.5th and 97.5th percentiles of those. Seeded (the repo's mulberry32
 * in lib/runner/stats.ts) so an interval is reproducible: the same runs give the same interval.
 */
import { percentile, rng } from '@/lib/runner/stats';
import { mean } from './describe';

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 0x5eed;

/** Fills `out` with a resample (with replacement) of `values`. */
export function resampleInto(values: readonly number[], rand: () => number, out: number[]): number[] {
  const n = values.length;
  for (let i = 0; i < n; i++) out[i] = values[Math.floor(rand() * n)];
  return out;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  level?: number;
  statistic?: (sample: readonly number[]) => number;
}

/** Percentile-bootstrap interval of `statistic` (the mean by default); null below 2 values. */
export function bootstrapInterval(values: readonly number[], opts: BootstrapOptions = {}): [number, number] | null {
  const n = values.length;
  if (n < 2) return null;
  const B = opts.resamples ?? DEFAULT_RESAMPLES;
  const level = opts.level ?? 0.95;
  const stat = opts.statistic ?? mean;
  const rand = rng(opts.seed ?? DEFAULT_SEED);
  const buf = new Array<number>(n);
  const stats = new Array<number>(B);
  for (let b = 0; b < B; b++) stats[b] = stat(resampleInto(values, rand, buf));
  stats.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return [percentile(stats, alpha * 100)!, percentile(stats, (1 - alpha) * 100)!];
}
