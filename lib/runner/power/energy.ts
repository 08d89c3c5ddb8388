/**
 * Energy over a time window from power samples: counter deltas where the source has a counter
 * (interpolated linearly at the window edges), trapezoidal integration of power otherwise.
 * Times are "run seconds" (see ../record.ts): wall-clock seconds since the run start times the
 * simulated time scale (1 on real hardware).
 */
export type Series = { t: number[]; powerW: Array<number | undefined>; energyJ: Array<number | undefined> };

function interp(t: number[], v: number[], x: number): number {
  if (x <= t[0]) return v[0];
  if (x >= t[t.length - 1]) return v[v.length - 1];
  let lo = 0;
  let hi = t.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= x) lo = mid;
    else hi = mid;
  }
  const span = t[hi] - t[lo];
  return span > 0 ? v[lo] + ((v[hi] - v[lo]) * (x - t[lo])) / span : v[lo];
}

const defined = (s: Series, key: 'powerW' | 'energyJ') => {
  const t: number[] = [];
  const v: number[] = [];
  s.t.forEach((ti, i) => {
    const x = s[key][i];
    if (x !== undefined && Number.isFinite(x)) {
      t.push(ti);
      v.push(x);
    }
  });
  return { t, v };
};

/** Counter delta over [a, b], or undefined if the series has fewer than two counter readings. */
export function counterEnergy(s: Series, a: number, b: number): number | undefined {
  const { t, v } = defined(s, 'energyJ');
  if (t.length < 2) return undefined;
  return Math.max(0, interp(t, v, b) - interp(t, v, a));
}

/** Trapezoidal integral of power over [a, b] (linear interpolation at the edges; the first and
 * last readings are held constant outside the sampled range). */
export function integratePower(s: Series, a: number, b: number): number | undefined {
  const { t, v } = defined(s, 'powerW');
  if (t.length === 0 || b <= a) return undefined;
  const pts: Array<[number, number]> = [[a, interp(t, v, a)]];
  for (let i = 0; i < t.length; i++) if (t[i] > a && t[i] < b) pts.push([t[i], v[i]]);
  pts.push([b, interp(t, v, b)]);
  let e = 0;
  for (let i = 1; i < pts.length; i++) e += ((pts[i][1] + pts[i - 1][1]) / 2) * (pts[i][0] - pts[i - 1][0]);
  return e;
}

/** Peak and count of power readings within [a, b]. */
export function powerStats(s: Series, a: number, b: number) {
  let peak: number | undefined;
  let n = 0;
  s.t.forEach((ti, i) => {
    const p = s.powerW[i];
    if (ti >= a && ti <= b && p !== undefined) {
      n++;
      peak = peak === undefined ? p : Math.max(peak, p);
    }
  });
  return { peak, n };
}

/** Largest gap between consecutive readings within [a, b] (sparse-sampling detection). */
export function maxGap(s: Series, a: number, b: number): number {
  const ts = [a, ...s.t.filter((t) => t > a && t < b), b];
  let g = 0;
  for (let i = 1; i < ts.length; i++) g = Math.max(g, ts[i] - ts[i - 1]);
  return g;
}
