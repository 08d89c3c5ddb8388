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
  const rows = new Int32Array(x.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return paretoFrontierRows(rows, asF64(x), asF64(y), xDir, yDir, opts);
}

const asF64 = (a: ArrayLike<number>) => (a instanceof Float64Array ? a : Float64Array.from(a));

/**
 * The frontier of the points `rows` (ascending indices into x and y), as those indices in
 * increasing actual x: the same points as paretoFrontier over the gathered coordinates, without
 * gathering them (a whole-study view passes ~1M rows, and each gathered copy cost a pass and 8 MB).
 */
export function paretoFrontierRows(
  rows: Int32Array,
  x: Float64Array,
  y: Float64Array,
  xDir: Direction,
  yDir: Direction,
  opts: { prune?: boolean } = {},
): number[] {
  if (rows.length === 0) return [];
  const sx = xDir === 'lower' ? 1 : -1;
  const sy = yDir === 'lower' ? 1 : -1;
  const idx = opts.prune !== false && rows.length > 256 ? prune(rows, x, y, sx, sy) : Array.from(rows);
  // Ties on both coordinates keep the row order (rows ascend): the lower index first.
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

/** Linear-time candidate pruning (see the header comment): the surviving rows, in row order. */
function prune(rows: Int32Array, x: Float64Array, y: Float64Array, sx: number, sy: number): number[] {
  const n = rows.length;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = sx * x[rows[k]];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min) || !Number.isFinite(max - min)) return Array.from(rows);
  const B = Math.min(4096, Math.max(16, n >> 4));
  const scale = (B - 1) / (max - min);
  const bmin = new Float64Array(B).fill(Infinity);
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    const b = Math.floor((sx * x[i] - min) * scale);
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
  // The bucket is computed again rather than stored: survivors are few, and an n-long bucket
  // array was a large allocation per call.
  const keep: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    if (sy * y[i] < before[Math.floor((sx * x[i] - min) * scale)]) keep.push(i);
  }
  return keep;
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
