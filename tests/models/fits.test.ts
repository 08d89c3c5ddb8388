/**
 * Ground truth for the fitted models: synthetic runs from a known E(in, out) with noise must give
 * the coefficients back within 5%; R^2 and the leave-one-out CV error must match an independent
 * computation (numpy 2.4 lstsq, values below); a design that cannot support a fit is refused with
 * the reason.
 */
import { describe, expect, it } from 'vitest';
import { normal, rng } from '@/lib/runner/stats';
import { fitBilinear, fitLinear, fitPowerLaw, predictBilinear, predictPowerLaw, type IoPoint } from '@/lib/models';

const TRUE = { a: 0.012, b: 0.45, c: 0.00009 }; // J per input token, per output token, per in*out
const truth = (i: number, o: number) => TRUE.a * i + TRUE.b * o + TRUE.c * i * o;

function synthetic(seed: number, noise: number, repeats = 2): IoPoint[] {
  const r = rng(seed);
  const pts: IoPoint[] = [];
  for (const i of [128, 256, 512, 1024, 2048, 4096])
    for (const o of [32, 128, 256, 512, 1024])
      for (let k = 0; k < repeats; k++) {
        pts.push({ in: i, out: o, y: truth(i, o) * (1 + noise * normal(r)) });
      }
  return pts;
}

describe('E(in, out) = a*in + b*out + c*in*out', () => {
  it('recovers known coefficients within 5% from runs with 2% noise, over 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const f = fitBilinear(synthetic(seed, 0.02));
      if (!f.ok) throw new Error(f.reason);
      expect(Math.abs(f.coefficients.in / TRUE.a - 1)).toBeLessThan(0.05);
      expect(Math.abs(f.coefficients.out / TRUE.b - 1)).toBeLessThan(0.05);
      expect(Math.abs(f.coefficients.in_out / TRUE.c - 1)).toBeLessThan(0.05);
      expect(f.r2).toBeGreaterThan(0.99);
      // CV error is about the noise level (2% sd -> ~1.6% mean absolute error), not zero.
      expect(f.cv_mape!).toBeGreaterThan(0.008);
      expect(f.cv_mape!).toBeLessThan(0.04);
    }
  });

  it('exact data gives exact coefficients and R^2 = 1', () => {
    const f = fitBilinear(synthetic(1, 0, 1));
    if (!f.ok) throw new Error(f.reason);
    expect(f.coefficients.in).toBeCloseTo(TRUE.a, 10);
    expect(f.coefficients.out).toBeCloseTo(TRUE.b, 10);
    expect(f.coefficients.in_out).toBeCloseTo(TRUE.c, 12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.cv_mape!).toBeLessThan(1e-10);
  });

  it('R^2, coefficients, rmse and leave-one-out MAPE match numpy (independent computation: lstsq of X/y on 1, i.e. relative least squares)', () => {
    const ins = [128, 256, 512, 1024, 2048, 128, 512, 2048, 1024, 256];
    const outs = [64, 512, 128, 256, 64, 1024, 512, 256, 1024, 128];
    const ys = [
      64.06112, 478.33792, 133.14896, 282.71584, 110.97792, 939.07792, 502.87584, 327.03168, 1057.92336, 126.92448,
    ];
    const f = fitBilinear(
      ins.map((i, k) => ({ in: i, out: outs[k], y: ys[k] })),
      { folds: ins.length },
    );
    if (!f.ok) throw new Error(f.reason);
    expect(f.coefficients.in).toBeCloseTo(1.96493284e-2, 9);
    expect(f.coefficients.out).toBeCloseTo(9.17425985e-1, 8);
    expect(f.coefficients.in_out).toBeCloseTo(9.64507928e-5, 12);
    expect(f.r2).toBeCloseTo(0.9996821712494012, 10);
    expect(f.rmse).toBeCloseTo(7.071586534377505, 8);
    expect(f.cv_mape!).toBeCloseTo(0.0217359576018409, 10);
    expect(f.cv_folds).toBe(10);
    for (const r of f.residuals) expect(r.residual).toBeCloseTo(r.y - r.fitted, 12);
  });

  it('prediction intervals cover a new run at the nominal rate (coverage over seeds)', () => {
    let hit = 0;
    const N = 300;
    for (let s = 1; s <= N; s++) {
      // Relative noise (the fit's noise model): 3% sd.
      const r = rng(s);
      const pts = synthetic(s, 0.03, 1);
      const f = fitBilinear(pts);
      if (!f.ok) throw new Error(f.reason);
      const p = predictBilinear(f, 700, 300);
      expect(p.predicted).toBe(true);
      const fresh = truth(700, 300) * (1 + 0.03 * normal(r));
      if (p.interval[0] <= fresh && fresh <= p.interval[1]) hit++;
    }
    expect(hit / N).toBeGreaterThan(0.91);
    expect(hit / N).toBeLessThan(0.985);
  });

  it('refuses with a reason: too few runs, inputs that do not vary, too few combinations', () => {
    const few = fitBilinear(synthetic(1, 0, 1).slice(0, 5));
    expect(few).toMatchObject({ ok: false, n: 5 });
    expect(!few.ok && few.reason).toMatch(/below the minimum of 6/);
    const fixedIn = fitBilinear([32, 64, 128, 256, 512, 1024].map((o) => ({ in: 512, out: o, y: truth(512, o) })));
    expect(!fixedIn.ok && fixedIn.reason).toMatch(/input length does not vary \(every run has in = 512\)/);
    const fixedOut = fitBilinear([32, 64, 128, 256, 512, 1024].map((i) => ({ in: i, out: 99, y: truth(i, 99) })));
    expect(!fixedOut.ok && fixedOut.reason).toMatch(/output length does not vary/);
    const two = fitBilinear(
      [1, 2, 3, 4, 5, 6].map((k) => (k % 2 ? { in: 128, out: 64, y: 10 } : { in: 256, out: 32, y: 12 })),
    );
    expect(!two.ok && two.reason).toMatch(/only 2 distinct \(in, out\) combinations/);
  });

  it('detects a collinear design (out proportional to in)', () => {
    const r = fitLinear(
      [
        [1, 2],
        [2, 4],
        [3, 6],
      ],
      [1, 2, 3],
    );
    expect(r.ok).toBe(false);
  });
});

describe('y = y0 + k*(f/f_ref)^g across SM clocks', () => {
  it('recovers a known power curve and predicts between measured clocks', () => {
    const P = (f: number) => 90 + 520 * (f / 1980) ** 2.6;
    const r = rng(4);
    const pts = [600, 800, 1000, 1200, 1400, 1600, 1800, 1980].flatMap((f) =>
      [0, 1].map(() => ({ f, y: P(f) * (1 + 0.01 * normal(r)) })),
    );
    const fit = fitPowerLaw(pts);
    if (!fit.ok) throw new Error(fit.reason);
    expect(Math.abs(fit.coefficients.g - 2.6)).toBeLessThan(0.2);
    expect(Math.abs(fit.coefficients.y0 / 90 - 1)).toBeLessThan(0.1);
    const p = predictPowerLaw(fit, 1500);
    expect(Math.abs(p.value / P(1500) - 1)).toBeLessThan(0.02);
    expect(p.interval[0]).toBeLessThan(P(1500));
    expect(p.interval[1]).toBeGreaterThan(P(1500));
  });
  it('refuses below 4 distinct clocks', () => {
    const fit = fitPowerLaw([1000, 1000, 1500, 1500, 2000, 2000].map((f) => ({ f, y: f / 10 })));
    expect(!fit.ok && fit.reason).toMatch(/only 3 distinct SM clocks/);
  });
});
