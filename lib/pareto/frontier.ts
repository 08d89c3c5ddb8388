/**
 * Pareto frontier of points on two metrics, each with its own direction.
 *
 * A point a dominates b when a is at least as good on both metrics and strictly better on one.
 * The frontier is the set of points nobody dominates. Exact duplicates of a frontier point are
 * on the frontier too (neither dominates the other). Points with a missing (NaN/null) coordinate
 * take no part: callers filter them out and count them separately.
 *
 * Algorithm: normalise both axes to "lower is better", then
 *   1. O(n) pruning: bucket points by x into B buckets, keep only points whose y is strictly
 *      below the minimum y of all strictly-lower buckets (anything else is dominated by a point
 *      with strictly lower x and lower-or-equal y);
 *   2. sort the survivors by (x, y) and sweep, keeping a point when its y is below the last kept
 *      point's y (or it duplicates it).
 * Worst case O(n log n) (everything survives pruning); on real data the sort sees a few hundred
 * points, so 1M points cost one linear pass. The pruning is an optimisation only: the sweep alone
 * is correct, and tests compare both against an O(n^2) reference.
 */
import type { Direction } from '@/lib/metrics/catalogue';

export interface XY {
  x: Float64Array | number[];
  y: Float64Array | number[];
}

/** Indices of frontier points, ordered by increasing x value (the actual x, not normalised). */
export function paretoFrontier(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  xDir: Direction,
  yDir: Direction,
  opts: { prune?: boolean } = {},
): number[] {
  const n = x.length;
  if (n === 0) return [];
  const sx = xDir === 'lower' ? 1 : -1;
  const sy = yDir === 'lower' ? 1 : -1;

  let cand: Uint32Array;
  if (opts.prune !== false && n > 256) {
    cand = prune(x, y, sx, sy);
  } else {
    cand = new Uint32Array(n);
    for (let i = 0; i < n; i++) cand[i] = i;
  }

  const idx = Array.from(cand);
  idx.sort((a, b) => sx * x[a] - sx * x[b] || sy * y[a] - sy * y[b] || a - b);

  const out: number[] = [];
  let lx = Infinity;
  let ly = Infinity;
  for (const i of idx) {
    const nx = sx * x[i];
    const ny = sy * y[i];
    if (ny < ly || (ny === ly && nx === lx)) {
      out.push(i);
      lx = nx;
      ly = ny;
    }
  }
  // Sweep order is increasing normalised x; report in increasing actual x.
  if (sx < 0) out.reverse();
  return out;
}

/** Linear-time candidate pruning (see the header comment). */
function prune(x: ArrayLike<number>, y: ArrayLike<number>, sx: number, sy: number): Uint32Array {
  const n = x.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = sx * x[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const all = () => {
    const c = new Uint32Array(n);
    for (let i = 0; i < n; i++) c[i] = i;
    return c;
  };
  if (!(max > min) || !Number.isFinite(max - min)) return all();
  const B = Math.min(4096, Math.max(16, n >> 4));
  const scale = (B - 1) / (max - min);
  const bucket = new Uint16Array(n);
  const bmin = new Float64Array(B).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((sx * x[i] - min) * scale);
    bucket[i] = b;
    const v = sy * y[i];
    if (v < bmin[b]) bmin[b] = v;
  }
  // before[b] = min y over buckets strictly below b (all of whose points have strictly lower x).
  const before = new Float64Array(B);
  let run = Infinity;
  for (let b = 0; b < B; b++) {
    before[b] = run;
    if (bmin[b] < run) run = bmin[b];
  }
  let k = 0;
  const keep = new Uint32Array(n);
  for (let i = 0; i < n; i++) if (sy * y[i] < before[bucket[i]]) keep[k++] = i;
  return keep.subarray(0, k);
}

/** Reference O(n^2) frontier (tests only): indices in input order. */
export function paretoFrontierBrute(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  xDir: Direction,
  yDir: Direction,
): number[] {
  const sx = xDir === 'lower' ? 1 : -1;
  const sy = yDir === 'lower' ? 1 : -1;
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    let dominated = false;
    for (let j = 0; j < x.length && !dominated; j++) {
      if (i === j) continue;
      const bx = sx * x[j] <= sx * x[i];
      const by = sy * y[j] <= sy * y[i];
      const strict = sx * x[j] < sx * x[i] || sy * y[j] < sy * y[i];
      dominated = bx && by && strict;
    }
    if (!dominated) out.push(i);
  }
  return out;
}
