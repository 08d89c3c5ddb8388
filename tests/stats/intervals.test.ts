/**
 * Ground truth for the intervals: repeats drawn with a known mean and variance. Over many seeds a
 * 95% interval must cover the true mean about 95% of the time (a coverage test), and the t-interval
 * and Welch test must match an independent computation (scipy 1.17).
 */
import { describe as suite, expect, it } from 'vitest';
import { normal, rng } from '@/lib/runner/stats';
import { bootstrapInterval, describe, sd, tInterval, welch } from '@/lib/stats';

function draws(seed: number, n: number, mu: number, sigma: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => mu + sigma * normal(r));
}

suite('descriptive statistics', () => {
  it('mean, sample sd (n - 1) and the t interval by hand', () => {
    const d = describe([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(d.n).toBe(8);
    expect(d.mean).toBe(5);
    expect(d.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const half = 2.364624252 * (Math.sqrt(32 / 7) / Math.sqrt(8)); // t(0.975, 7)
    expect(d.ci95![0]).toBeCloseTo(5 - half, 7);
    expect(d.ci95![1]).toBeCloseTo(5 + half, 7);
  });
  it('one value: no sd, no interval; missing values are dropped, not zeroed', () => {
    expect(describe([3])).toEqual({ n: 1, mean: 3, sd: null, ci95: null });
    expect(describe([1, NaN, 3]).mean).toBe(2);
  });
});

suite('coverage over many seeds (nominal 95%)', () => {
  const SEEDS = 2000;
  const MU = 0.25;
  const SIGMA = 0.01; // 4% run-to-run noise, as on a real GPU
  it('Student t, n = 3 and n = 5: coverage within 0.935..0.965', () => {
    for (const n of [3, 5]) {
      let hit = 0;
      for (let s = 1; s <= SEEDS; s++) {
        const ci = tInterval(draws(s * 7919 + n, n, MU, SIGMA))!;
        if (ci[0] <= MU && MU <= ci[1]) hit++;
      }
      // Binomial sd at p = 0.95, 2000 trials is 0.0049: +-3 sd.
      expect(hit / SEEDS).toBeGreaterThan(0.935);
      expect(hit / SEEDS).toBeLessThan(0.965);
    }
  });
  it('percentile bootstrap, n = 20: coverage within 0.92..0.965 (it under-covers slightly at small n)', () => {
    let hit = 0;
    const N = 600;
    for (let s = 1; s <= N; s++) {
      const ci = bootstrapInterval(draws(s * 104729, 20, MU, SIGMA), { resamples: 500, seed: s })!;
      if (ci[0] <= MU && MU <= ci[1]) hit++;
    }
    expect(hit / N).toBeGreaterThan(0.92);
    expect(hit / N).toBeLessThan(0.965);
  });
  it('a wrong interval would fail: +-1 sd/sqrt(n) covers only ~68%', () => {
    let hit = 0;
    for (let s = 1; s <= SEEDS; s++) {
      const v = draws(s, 30, MU, SIGMA);
      const m = v.reduce((a, b) => a + b) / v.length;
      const h = sd(v) / Math.sqrt(v.length);
      if (m - h <= MU && MU <= m + h) hit++;
    }
    expect(hit / SEEDS).toBeLessThan(0.75);
  });
});

suite('bootstrap', () => {
  it('is reproducible for a seed and brackets the mean', () => {
    const v = draws(3, 12, 10, 1);
    const a = bootstrapInterval(v, { seed: 9 });
    expect(bootstrapInterval(v, { seed: 9 })).toEqual(a);
    const m = v.reduce((x, y) => x + y) / v.length;
    expect(a![0]).toBeLessThan(m);
    expect(a![1]).toBeGreaterThan(m);
    expect(bootstrapInterval([1])).toBeNull();
  });
});

suite("Welch's t-test", () => {
  it('matches scipy.stats.ttest_ind(equal_var=False)', () => {
    const r = welch([10.1, 10.4, 9.8, 10.2, 10.0], [10.9, 11.2, 10.7, 11.5]);
    if (!r.ok) throw new Error(r.reason);
    expect(r.t).toBeCloseTo(-4.837354648979129, 9);
    expect(r.df).toBeCloseTo(4.88816043193212, 9);
    expect(r.p).toBeCloseTo(0.005017486301646294, 9);
    expect(r.significant).toBe(true);
    const same = welch([1.02, 0.98, 1.01], [1.0, 1.03, 0.99, 1.01, 1.02, 0.97]);
    expect(same).toMatchObject({ ok: true, significant: false });
    expect(same.ok ? same.df : NaN).toBeCloseTo(4.241781548250264, 9);
  });
  it('single run: no estimate of noise', () => {
    expect(welch([1], [1, 2])).toEqual({ ok: false, reason: 'single run: no estimate of noise' });
  });
  it('false-positive rate near alpha when both sides come from the same distribution', () => {
    let sig = 0;
    const N = 1000;
    for (let s = 1; s <= N; s++) {
      const r = welch(draws(s, 4, 1, 0.03), draws(s + 50_000, 6, 1, 0.06));
      if (r.ok && r.significant) sig++;
    }
    expect(sig / N).toBeGreaterThan(0.03);
    expect(sig / N).toBeLessThan(0.07);
  });
});
