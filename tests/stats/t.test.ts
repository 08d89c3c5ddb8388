/** Student t quantiles and CDF against printed table values (and scipy 1.17 for fractional df). */
import { describe as suite, expect, it } from 'vitest';
import { logGamma, tCdf, tQuantile } from '@/lib/stats';

suite('Student t', () => {
  // Two-sided 95% critical values t(0.975, df) from standard tables.
  const TABLE_975: [number, number][] = [
    [1, 12.706204736],
    [2, 4.30265273],
    [3, 3.182446305],
    [4, 2.776445105],
    [5, 2.570581836],
    [10, 2.228138852],
    [30, 2.042272456],
    [120, 1.979930405],
  ];
  it.each(TABLE_975)('t(0.975, %i) = %f', (df, want) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(want, 7);
  });
  it('other levels and the normal limit', () => {
    expect(tQuantile(0.95, 3)).toBeCloseTo(2.353363435, 7);
    expect(tQuantile(0.995, 4)).toBeCloseTo(4.604094871, 7);
    expect(tQuantile(0.025, 5)).toBeCloseTo(-2.570581836, 7);
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.959963985, 5);
  });
  it('fractional df (Welch) against scipy', () => {
    expect(tCdf(-2.5, 3.7)).toBeCloseTo(0.03591101145591339, 9);
    expect(tQuantile(0.975, 2.5)).toBeCloseTo(3.5746548420036817, 7);
  });
  it('CDF and quantile are inverse; CDF is symmetric', () => {
    for (const df of [1, 2.2, 7, 50])
      for (const p of [0.01, 0.3, 0.5, 0.8, 0.999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
    expect(tCdf(1.3, 6) + tCdf(-1.3, 6)).toBeCloseTo(1, 12);
  });
  it('log-gamma matches factorials', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
  it('rejects bad arguments', () => {
    expect(() => tQuantile(1, 3)).toThrow(/p must be/);
    expect(() => tQuantile(0.9, 0)).toThrow(/degrees of freedom/);
  });
});
