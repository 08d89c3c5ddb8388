/**
 * gridSample finds its display-space bounds from the data-space bounds (one log per axis) and
 * computes each point's cell in one pass. This reference is the two-pass form it replaced (a log
 * per point, kept in arrays): the sample must be the same, point for point and weight for weight.
 */
import { describe, expect, it } from 'vitest';
import { gridSample, type SampleOptions } from '@/lib/pareto/sample';
import { rng } from '@/lib/stats';

function reference(idx: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, o: SampleOptions) {
  const m = idx.length;
  if (m <= o.maxPoints) return { indices: Array.from(idx), weights: new Array(m).fill(1) };
  const ax = Array.from(idx, (i) => (o.logX ? Math.log10(Math.max(x[i], 1e-300)) : x[i]));
  const ay = Array.from(idx, (i) => (o.logY ? Math.log10(Math.max(y[i], 1e-300)) : y[i]));
  const [x0, x1, y0, y1] = [Math.min(...ax), Math.max(...ax), Math.min(...ay), Math.max(...ay)];
  const groups = Math.max(1, o.groups ?? 1);
  const g = Math.max(4, Math.floor(Math.sqrt(o.maxPoints / groups)));
  const sx = x1 > x0 ? (g - 1e-9) / (x1 - x0) : 0;
  const sy = y1 > y0 ? (g - 1e-9) / (y1 - y0) : 0;
  const first = new Map<number, number>();
  const indices: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < m; k++) {
    const gr = o.group ? Math.min(groups - 1, Math.max(0, o.group[idx[k]])) : 0;
    const c = (gr * g + Math.floor((ay[k] - y0) * sy)) * g + Math.floor((ax[k] - x0) * sx);
    const at = first.get(c);
    if (at === undefined) {
      first.set(c, indices.length);
      indices.push(idx[k]);
      weights.push(1);
    } else weights[at]++;
  }
  return { indices, weights };
}

describe('gridSample', () => {
  it('samples exactly as the two-pass reference: log and linear axes, groups, zeros and ties', () => {
    const r = rng(11);
    for (let trial = 0; trial < 40; trial++) {
      const n = 200 + Math.floor(r() * 5000);
      // Values spanning decades, some on a coarse grid (ties on cell edges), some zero or negative.
      const value = () => (trial % 4 === 0 ? Math.floor(r() * 8) / 2 : 10 ** (r() * 6 - 2)) * (r() < 0.02 ? 0 : 1);
      const x = Float64Array.from({ length: n }, value);
      const y = Float64Array.from({ length: n }, () => (r() < 0.01 ? -1 : value()));
      const idx = Int32Array.from({ length: n }, (_, i) => i).filter(() => r() < 0.9);
      const groups = 1 + Math.floor(r() * 6);
      const o: SampleOptions = {
        maxPoints: 50 + Math.floor(r() * 400),
        logX: trial % 2 === 0,
        logY: trial % 3 !== 0,
        ...(groups > 1 ? { group: Int32Array.from({ length: n }, () => Math.floor(r() * groups)), groups } : {}),
      };
      const got = gridSample(idx, x, y, o);
      expect(got).toEqual(reference(idx, x, y, o));
      expect(got.weights.reduce((a, b) => a + b, 0)).toBe(idx.length);
    }
  });

  it('returns a small input whole', () => {
    const x = Float64Array.of(1, 2, 3);
    expect(gridSample([2, 0], x, x, { maxPoints: 5, logX: true, logY: true })).toEqual({
      indices: [2, 0],
      weights: [1, 1],
    });
  });
});
