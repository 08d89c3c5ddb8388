/**
 * Descriptive statistics of repeated measurements: mean, sample standard deviation (n - 1) and a
 * Student-t 95% interval for the mean. Missing values (NaN, non-finite) are dropped first: they
 * are "not measured", never zero.
 */
import { tQuantile } from './t';

export function finite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length ? s / values.length : NaN;
}

/** Sample standard deviation (Bessel's n - 1); NaN below two values (no estimate of spread). */
export function sd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Two-sided Student-t interval for the mean at `level` (0.95 by default). Null below n = 2: one
 * run has no estimate of noise, and pretending otherwise would be a lie.
 */
export function tInterval(values: readonly number[], level = 0.95): [number, number] | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values);
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd(values) / Math.sqrt(n));
  return [m - half, m + half];
}

export interface Described {
  n: number;
  mean: number;
  /** null for a single value. */
  sd: number | null;
  ci95: [number, number] | null;
}

export function describe(values: readonly number[]): Described {
  const v = finite(values);
  const s = sd(v);
  return { n: v.length, mean: mean(v), sd: Number.isNaN(s) ? null : s, ci95: tInterval(v) };
}
