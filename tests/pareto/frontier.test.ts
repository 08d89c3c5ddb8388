import { describe, expect, it } from 'vitest';
import { paretoFrontier, paretoFrontierBrute, paretoFrontierRows } from '@/lib/pareto/frontier';
import type { Direction } from '@/lib/metrics/catalogue';
import { rng } from '@/lib/stats';

const dirs: [Direction, Direction][] = [
  ['lower', 'lower'],
  ['lower', 'higher'],
  ['higher', 'lower'],
  ['higher', 'higher'],
];

function sortedSet(a: number[]) {
  return [...a].sort((p, q) => p - q);
}

describe('paretoFrontier vs O(n^2) reference', () => {
  for (const [dx, dy] of dirs) {
    it(`random data with ties and duplicates (${dx}/${dy})`, () => {
      const r = rng(42);
      for (let trial = 0; trial < 60; trial++) {
        const n = trial < 30 ? Math.floor(r() * 40) : 300 + Math.floor(r() * 700); // > 256 exercises pruning
        // Coarse grids force ties on x, on y and exact duplicates.
        const levels = 2 + Math.floor(r() * 20);
        const x = Array.from({ length: n }, () => Math.floor(r() * levels));
        const y = Array.from({ length: n }, () => Math.floor(r() * levels) * (trial % 3 === 0 ? 0.1 : 1));
        const ref = paretoFrontierBrute(x, y, dx, dy);
        const got = paretoFrontier(x, y, dx, dy);
        const noPrune = paretoFrontier(x, y, dx, dy, { prune: false });
        expect(sortedSet(got)).toEqual(ref);
        expect(sortedSet(noPrune)).toEqual(ref);
      }
    });
    it(`continuous anti-correlated data (${dx}/${dy})`, () => {
      const r = rng(7);
      const n = 2000;
      const x = Array.from({ length: n }, () => r() * 100);
      const y = x.map((v) => (dx === dy ? 100 - v : v) + r() * 30);
      expect(sortedSet(paretoFrontier(x, y, dx, dy))).toEqual(paretoFrontierBrute(x, y, dx, dy));
    });
  }

  it('orders the frontier by increasing x', () => {
    const x = [5, 1, 3, 2, 4];
    const y = [1, 5, 3, 4, 2];
    for (const [dx, dy] of [
      ['lower', 'lower'],
      ['higher', 'higher'],
    ] as const) {
      const f = paretoFrontier(x, y, dx, dy);
      const xs = f.map((i) => x[i]);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(f.length).toBe(5);
    }
  });

  it('correlated data: one point wins per direction pair', () => {
    const x = [1, 2, 3];
    const y = [1, 2, 3];
    expect(paretoFrontier(x, y, 'lower', 'lower')).toEqual([0]);
    expect(paretoFrontier(x, y, 'higher', 'higher')).toEqual([2]);
    expect(paretoFrontier(x, y, 'lower', 'higher')).toEqual([0, 1, 2]);
  });

  it('keeps exact duplicates of a frontier point, drops same-x worse points', () => {
    const x = [1, 1, 1, 2, 2];
    const y = [3, 3, 4, 1, 1];
    expect(sortedSet(paretoFrontier(x, y, 'lower', 'lower'))).toEqual([0, 1, 3, 4]);
  });

  it('handles empty and single inputs', () => {
    expect(paretoFrontier([], [], 'lower', 'lower')).toEqual([]);
    expect(paretoFrontier([3], [4], 'higher', 'lower')).toEqual([0]);
  });

  it('all-equal x falls back to the sweep (no bucket range)', () => {
    const n = 500;
    const x = new Array(n).fill(2);
    const y = Array.from({ length: n }, (_, i) => (i * 7919) % 101);
    expect(sortedSet(paretoFrontier(x, y, 'lower', 'lower'))).toEqual(paretoFrontierBrute(x, y, 'lower', 'lower'));
  });
});

describe('paretoFrontierRows', () => {
  for (const [dx, dy] of dirs) {
    it(`is paretoFrontier of the gathered rows, as row indices in the same order (${dx}/${dy})`, () => {
      const r = rng(3);
      for (let trial = 0; trial < 40; trial++) {
        const n = trial < 10 ? Math.floor(r() * 60) : 400 + Math.floor(r() * 3000); // > 256 prunes
        const levels = 2 + Math.floor(r() * 30);
        const x = Float64Array.from({ length: n }, () => Math.floor(r() * levels) * (trial % 2 ? 1 : 0.37));
        const y = Float64Array.from({ length: n }, () => Math.floor(r() * levels));
        const rows = Int32Array.from({ length: n }, (_, i) => i).filter(() => r() < 0.7);
        const gathered = paretoFrontier(
          Array.from(rows, (i) => x[i]),
          Array.from(rows, (i) => y[i]),
          dx,
          dy,
        ).map((k) => rows[k]);
        expect(paretoFrontierRows(rows, x, y, dx, dy)).toEqual(gathered);
        expect(paretoFrontierRows(rows, x, y, dx, dy, { prune: false })).toEqual(gathered);
      }
    });
  }
});
