/** Adaptive repetitions: repeat until the 95% half-width of energy per output token < target, or max runs. */
import { describe, expect, it } from 'vitest';
import { normal, rng } from '@/lib/runner/stats';
import { halfWidthRel, nextStep, type AdaptivePolicy } from '@/lib/sweeps/adaptive';

const policy: AdaptivePolicy = { targetRel: 0.02, minRuns: 3, maxRuns: 12 };

/** Runs the decision loop on a point whose runs have relative noise `rel`. */
function simulatePoint(seed: number, rel: number, p = policy) {
  const r = rng(seed);
  const v: number[] = [];
  for (;;) {
    const d = nextStep(v, v.length, p);
    if (d.action === 'stop') return { runs: v.length, d };
    v.push(0.25 * (1 + rel * normal(r)));
  }
}

describe('adaptive repetitions', () => {
  it('always makes the minimum, then stops when the half-width is below the target', () => {
    expect(nextStep([], 0, policy).action).toBe('repeat');
    expect(nextStep([0.25, 0.25], 2, policy).action).toBe('repeat');
    const d = nextStep([0.25, 0.2501, 0.2499], 3, policy);
    expect(d).toMatchObject({ action: 'stop', reason: 'target-met' });
    expect(d.halfWidthRel!).toBeLessThan(0.02);
  });
  it('a quiet point stops early, a noisy one runs to the maximum', () => {
    const quiet = simulatePoint(1, 0.005);
    expect(quiet.runs).toBe(3);
    expect(quiet.d.reason).toBe('target-met');
    const noisy = simulatePoint(2, 0.1);
    expect(noisy.runs).toBe(12);
    expect(noisy.d.reason).toBe('max-runs');
    // In between: stops once the interval is narrow enough, and it really is.
    const mid = simulatePoint(3, 0.02);
    expect(mid.runs).toBeGreaterThan(3);
    expect(mid.runs).toBeLessThan(12);
    expect(mid.d.halfWidthRel!).toBeLessThan(0.02);
  });
  it('half-width is the t interval relative to the mean', () => {
    // mean 1, sd 0.1, n = 4: t(0.975, 3) * 0.1 / 2
    const v = [
      1 - (0.1 * Math.sqrt(3)) / 2,
      1 + (0.1 * Math.sqrt(3)) / 2,
      1 - (0.1 * Math.sqrt(3)) / 2,
      1 + (0.1 * Math.sqrt(3)) / 2,
    ];
    expect(halfWidthRel(v)).toBeCloseTo((3.182446305 * 0.1) / 2, 7);
  });
  it('rejects a policy that could never estimate noise', () => {
    expect(() => nextStep([], 0, { targetRel: 0.02, minRuns: 1, maxRuns: 5 })).toThrow(
      /minRuns must be an integer >= 2/,
    );
  });
});
