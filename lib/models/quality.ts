/**
 * Honest fit quality: R^2 on the fitted data, and k-fold cross-validated MAPE (each point is
 * predicted by a model that never saw it), which is what a user should expect for a new point.
 */
import { rng } from '@/lib/runner/stats';

/** 1 - SSE / SST, SST about the mean of y (so a no-intercept model may score below 0). */
export function rSquared(y: readonly number[], fitted: readonly number[]): number {
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < y.length; i++) {
    sse += (y[i] - fitted[i]) ** 2;
    sst += (y[i] - m) ** 2;
  }
  return sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
}

/** Mean absolute percentage error as a fraction (0.03 = 3%), over points with y != 0. */
export function mape(y: readonly number[], pred: readonly number[]): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 0 || !Number.isFinite(pred[i])) continue;
    s += Math.abs((y[i] - pred[i]) / y[i]);
    n++;
  }
  return n ? s / n : NaN;
}

/** Deterministic fold of each index: a seeded shuffle, then round-robin. */
export function foldAssignment(n: number, k: number, seed = 1): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Array<number>(n);
  order.forEach((idx, pos) => (fold[idx] = pos % k));
  return fold;
}

export type CvResult = { mape: number; folds: number } | { mape: null; folds: number; reason: string };

/**
 * k-fold cross-validation: fit on k-1 folds, predict the held-out one. `fit` returns a predictor
 * or a reason; one fold whose training data cannot be fitted makes the whole CV "not available"
 * (reported with the reason) rather than quietly averaging the folds that worked.
 */
export function crossValidate<P>(
  points: readonly P[],
  y: (p: P) => number,
  fit: (train: P[]) => ((p: P) => number) | string,
  k = 5,
  seed = 1,
): CvResult {
  const folds = Math.min(k, points.length);
  const fold = foldAssignment(points.length, folds, seed);
  const ys: number[] = [];
  const preds: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train = points.filter((_, i) => fold[i] !== f);
    const model = fit(train);
    if (typeof model === 'string') return { mape: null, folds, reason: `fold ${f + 1} of ${folds}: ${model}` };
    points.forEach((p, i) => {
      if (fold[i] !== f) return;
      ys.push(y(p));
      preds.push(model(p));
    });
  }
  return { mape: mape(ys, preds), folds };
}
