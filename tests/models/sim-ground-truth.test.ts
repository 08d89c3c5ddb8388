/**
 * The simulated device (lib/runner/sim) has a known ground truth: its engine. A simulated sweep
 * over input/output lengths (and over SM clocks) is fitted, and the fits must reproduce the
 * simulator at points the sweep did NOT measure. Stated tolerance: 2% for energy per request and
 * power, 3% for throughput; R^2 > 0.99. Driven in virtual time (simulateOffline), not over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { simulateOffline } from '@/lib/runner/sim/offline';
import { fitBilinear, fitPowerLaw, predictBilinear, predictPowerLaw } from '@/lib/models';

const REQ = 32;
const base = { gpu: 'H100-SXM', model: 'llama-3.1-8b', maxNumSeqs: 16, requests: REQ };
const energyPerRequest = (inputLen: number, outputLen: number, smMaxMhz?: number) => {
  const r = simulateOffline({ ...base, inputLen, outputLen, knobs: smMaxMhz ? { smMaxMhz } : {} });
  return { e: r.energyJ / REQ, power: r.avgPowerW, tps: r.outputTps };
};

describe('simulated H100, Llama-3.1-8B, max_num_seqs 16', () => {
  it('E(in, out) from a 5x5 sweep predicts unmeasured lengths within 2%', () => {
    const pts = [];
    for (const i of [128, 256, 512, 1024, 2048])
      for (const o of [32, 64, 128, 256, 512]) pts.push({ in: i, out: o, y: energyPerRequest(i, o).e });
    const fit = fitBilinear(pts);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.r2).toBeGreaterThan(0.99);
    expect(fit.cv_mape!).toBeLessThan(0.03);
    // Every coefficient is a positive cost (prefill, decode, context growth).
    expect(fit.coefficients.in).toBeGreaterThan(0);
    expect(fit.coefficients.out).toBeGreaterThan(0);
    expect(fit.coefficients.in_out).toBeGreaterThan(0);
    for (const [i, o] of [
      [768, 384],
      [384, 96],
      [1536, 200],
      [200, 48],
    ]) {
      const p = predictBilinear(fit, i, o);
      expect(Math.abs(p.value / energyPerRequest(i, o).e - 1)).toBeLessThan(0.02);
    }
  });

  it('power and throughput across SM clocks predict unmeasured clocks (2% / 3%)', () => {
    const clocks = [800, 1000, 1200, 1400, 1600, 1800, 1980];
    const meas = clocks.map((f) => ({ f, ...energyPerRequest(512, 128, f) }));
    const pf = fitPowerLaw(meas.map((m) => ({ f: m.f, y: m.power })));
    const tf = fitPowerLaw(meas.map((m) => ({ f: m.f, y: m.tps })));
    if (!pf.ok) throw new Error(pf.reason);
    if (!tf.ok) throw new Error(tf.reason);
    expect(pf.r2).toBeGreaterThan(0.99);
    expect(tf.r2).toBeGreaterThan(0.99);
    // Dynamic power rises faster than linearly with the clock (the sim's f*V^2 term, exponent 2.8
    // diluted by clock-independent memory power): 1.5 < g < 3.5; the constant part is above idle (70 W).
    expect(pf.coefficients.g).toBeGreaterThan(1.5);
    expect(pf.coefficients.g).toBeLessThan(3.5);
    expect(pf.coefficients.y0).toBeGreaterThan(70);
    for (const f of [900, 1500, 1700]) {
      const truth = energyPerRequest(512, 128, f);
      expect(Math.abs(predictPowerLaw(pf, f).value / truth.power - 1)).toBeLessThan(0.02);
      expect(Math.abs(predictPowerLaw(tf, f).value / truth.tps - 1)).toBeLessThan(0.03);
    }
  });
});
