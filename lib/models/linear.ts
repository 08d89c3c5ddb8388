/**
 * Ordinary least squares by Householder QR (numerically safer than the normal equations when the
 * columns differ by orders of magnitude, as in, out and in*out do). Columns are scaled to unit
 * max-abs first; a column whose R diagonal collapses means the design cannot separate it from the
 * others, and the fit says so instead of returning arbitrary coefficients.
 */

export interface LinearFit {
  ok: true;
  beta: number[];
  /** (X'X)^-1 in the original units: the coefficient covariance is s^2 times this. */
  xtxInv: number[][];
  sse: number;
  /** Residual degrees of freedom n - p. */
  df: number;
  /** Residual standard error sqrt(sse / df) (NaN when df = 0). */
  s: number;
}
export type LinearResult = LinearFit | { ok: false; reason: string };

const RANK_TOL = 1e-9;

/**
 * Least squares of y on the columns of X. With `weights`, minimises sum w_i (y_i - x_i.beta)^2
 * (rows scaled by sqrt(w_i)); sse and s are then in weighted units and xtxInv is (X'WX)^-1.
 */
export function fitLinear(
  X: readonly (readonly number[])[],
  y: readonly number[],
  weights?: readonly number[],
): LinearResult {
  const n = X.length;
  const p = X[0]?.length ?? 0;
  if (n < p || p === 0) return { ok: false, reason: `${n} points cannot determine ${p} coefficients` };
  const rw = weights ? weights.map(Math.sqrt) : null;
  const Xw = rw ? X.map((row, i) => row.map((v) => v * rw[i])) : X;
  const scale = new Array<number>(p).fill(0);
  for (const row of Xw) for (let j = 0; j < p; j++) scale[j] = Math.max(scale[j], Math.abs(row[j]));
  const A = Xw.map((row) => row.map((v, j) => (scale[j] > 0 ? v / scale[j] : 0)));
  const b = rw ? y.map((v, i) => v * rw[i]) : [...y];
  const diag: number[] = [];
  // Householder: A <- Q'A (upper triangular R in the top p rows), b <- Q'b.
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += A[i][k] ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[k][k] > 0 ? -norm : norm;
    diag.push(Math.abs(alpha));
    if (norm === 0) continue;
    const v = new Array<number>(n).fill(0);
    for (let i = k; i < n; i++) v[i] = A[i][k];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += v[i] ** 2;
    if (vv === 0) continue;
    for (let j = k; j < p; j++) {
      let d = 0;
      for (let i = k; i < n; i++) d += v[i] * A[i][j];
      const f = (2 * d) / vv;
      for (let i = k; i < n; i++) A[i][j] -= f * v[i];
    }
    let d = 0;
    for (let i = k; i < n; i++) d += v[i] * b[i];
    const f = (2 * d) / vv;
    for (let i = k; i < n; i++) b[i] -= f * v[i];
  }
  const maxDiag = Math.max(...diag);
  if (!(maxDiag > 0) || diag.some((d) => d < RANK_TOL * maxDiag)) {
    return {
      ok: false,
      reason: 'the design is degenerate: some term cannot be separated from the others (collinear inputs)',
    };
  }
  // Back-substitution R beta = (Q'b)[0..p).
  const betaS = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < p; j++) s -= A[i][j] * betaS[j];
    betaS[i] = s / A[i][i];
  }
  let sse = 0;
  for (let i = p; i < n; i++) sse += b[i] ** 2;
  // R^-1 (upper triangular), then (X'X)^-1 = S^-1 R^-1 R^-T S^-1 in original units.
  const Rinv = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    Rinv[j][j] = 1 / A[j][j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += A[i][k] * Rinv[k][j];
      Rinv[i][j] = -s / A[i][i];
    }
  }
  const xtxInv = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += Rinv[i][k] * Rinv[j][k];
      return s / (scale[i] * scale[j]);
    }),
  );
  const df = n - p;
  return { ok: true, beta: betaS.map((v, j) => v / scale[j]), xtxInv, sse, df, s: df > 0 ? Math.sqrt(sse / df) : NaN };
}

/** x0' (X'X)^-1 x0: the leverage of a new point, for prediction intervals. */
export function leverage(xtxInv: readonly (readonly number[])[], x0: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x0.length; i++) for (let j = 0; j < x0.length; j++) s += x0[i] * xtxInv[i][j] * x0[j];
  return s;
}

export const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
