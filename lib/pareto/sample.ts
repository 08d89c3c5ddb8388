/**
 * Representative sample of a large scatter: grid binning in display space (log or linear), one
 * point (the first met, i.e. the lowest id in SQLite rowid order) per cell and group, with the
 * count of runs it stands for. Deterministic and O(n). Small inputs are returned whole.
 */
export interface SampleOptions {
  maxPoints: number;
  logX: boolean;
  logY: boolean;
  /** Optional group code per point (colour category, feasibility...) kept apart per cell. */
  group?: ArrayLike<number>;
  groups?: number;
}

export function gridSample(
  idx: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  o: SampleOptions,
): { indices: number[]; weights: number[] } {
  const m = idx.length;
  if (m <= o.maxPoints) return { indices: Array.from(idx), weights: new Array(m).fill(1) };
  const { logX, logY } = o;
  const disp = (v: number, log: boolean) => (log ? Math.log10(Math.max(v, 1e-300)) : v);
  // Bounds in data space, then in display space: log10 is monotonic, so the display bounds are
  // the logs of the data bounds (one log per axis here, instead of a first pass of logs per point
  // kept in two arrays of m values).
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let k = 0; k < m; k++) {
    const i = idx[k];
    const a = x[i];
    const b = y[i];
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  x0 = disp(x0, logX);
  x1 = disp(x1, logX);
  y0 = disp(y0, logY);
  y1 = disp(y1, logY);
  const groups = Math.max(1, o.groups ?? 1);
  // Cells per axis so that even a fully covered grid stays within the budget.
  const g = Math.max(4, Math.floor(Math.sqrt(o.maxPoints / groups)));
  const sx = x1 > x0 ? (g - 1e-9) / (x1 - x0) : 0;
  const sy = y1 > y0 ? (g - 1e-9) / (y1 - y0) : 0;
  const cell = new Int32Array(g * g * groups).fill(-1);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < m; k++) {
    const i = idx[k];
    const cx = Math.floor(((logX ? Math.log10(Math.max(x[i], 1e-300)) : x[i]) - x0) * sx);
    const cy = Math.floor(((logY ? Math.log10(Math.max(y[i], 1e-300)) : y[i]) - y0) * sy);
    const gr = o.group ? Math.min(groups - 1, Math.max(0, o.group[i])) : 0;
    const c = (gr * g + cy) * g + cx;
    const at = cell[c];
    if (at < 0) {
      cell[c] = indices.length;
      indices.push(i);
      weights.push(1);
    } else weights[at]++;
  }
  return { indices, weights };
}
