/**
 * Energy (or latency) per request as a function of input and output length,
 *   E(in, out) = a*in + b*out + c*in*out
 * (the form of Wilkins, Keshav and Mortier, e-Energy 2024): a = prefill cost per input token,
 * b = decode cost per output token, c = the growth of decode cost with context length. No
 * intercept, as in the paper: a request of zero tokens costs nothing.
 */
import { tQuantile } from '@/lib/stats/t';
import { dot, fitLinear, leverage, type LinearFit } from './linear';
import { crossValidate, rSquared } from './quality';
import type { FitQuality, FitRefusal, Prediction } from './types';

export const BILINEAR_FORM = 'a*in+b*out+c*in*out';
/** Three coefficients plus at least three residual degrees of freedom (and five CV folds). */
export const BILINEAR_MIN_N = 6;

export interface IoPoint {
  id?: number;
  in: number;
  out: number;
  y: number;
}

export interface BilinearFit extends FitQuality {
  ok: true;
  form: typeof BILINEAR_FORM;
  coefficients: { in: number; out: number; in_out: number };
  /** Kept for prediction intervals (not serialised by the API). */
  linear: LinearFit;
}

const features = (p: { in: number; out: number }) => [p.in, p.out, p.in * p.out];

/** Why the design cannot support the fit, or null when it can. */
function designProblem(points: readonly IoPoint[]): string | null {
  const n = points.length;
  if (n < BILINEAR_MIN_N)
    return `n = ${n} runs, below the minimum of ${BILINEAR_MIN_N} for a 3-coefficient fit with cross-validation`;
  const ins = new Set(points.map((p) => p.in));
  const outs = new Set(points.map((p) => p.out));
  if (ins.size < 2)
    return `the input length does not vary (every run has in = ${[...ins][0]}): the fit cannot separate a*in from the other terms`;
  if (outs.size < 2)
    return `the output length does not vary (every run has out = ${[...outs][0]}): the fit cannot separate b*out from the other terms`;
  const combos = new Set(points.map((p) => `${p.in}|${p.out}`));
  if (combos.size < 3)
    return `only ${combos.size} distinct (in, out) combinations: at least 3 are needed for 3 coefficients`;
  if (points.some((p) => p.y <= 0))
    return 'some runs have a target value <= 0: energy and latency per request must be positive';
  return null;
}

function fitCore(points: readonly IoPoint[]): LinearFit | string {
  const r = fitLinear(
    points.map(features),
    points.map((p) => p.y),
    points.map((p) => 1 / p.y ** 2),
  );
  return r.ok ? r : r.reason;
}

export function fitBilinear(
  points: readonly IoPoint[],
  opts: { folds?: number; seed?: number } = {},
): BilinearFit | FitRefusal {
  const usable = points.filter((p) => [p.in, p.out, p.y].every(Number.isFinite));
  const problem = designProblem(usable);
  if (problem) return { ok: false, reason: problem, n: usable.length };
  const lin = fitCore(usable);
  if (typeof lin === 'string') return { ok: false, reason: lin, n: usable.length };
  const fitted = usable.map((p) => dot(lin.beta, features(p)));
  const cv = crossValidate(
    usable,
    (p) => p.y,
    (train) => {
      const f = fitCore(train);
      return typeof f === 'string' ? f : (p: IoPoint) => dot(f.beta, features(p));
    },
    opts.folds ?? 5,
    opts.seed ?? 1,
  );
  return {
    ok: true,
    form: BILINEAR_FORM,
    coefficients: { in: lin.beta[0], out: lin.beta[1], in_out: lin.beta[2] },
    n: usable.length,
    r2: rSquared(
      usable.map((p) => p.y),
      fitted,
    ),
    cv_mape: cv.mape,
    cv_folds: cv.folds,
    ...(cv.mape === null ? { cv_note: cv.reason } : {}),
    rmse: Math.sqrt(fitted.reduce((a, f, i) => a + (usable[i].y - f) ** 2, 0) / lin.df),
    residuals: usable.map((p, i) => ({
      ...(p.id !== undefined ? { id: p.id } : {}),
      x: { in: p.in, out: p.out },
      y: p.y,
      fitted: fitted[i],
      residual: p.y - fitted[i],
    })),
    linear: lin,
  };
}

/**
 * Predicted value at (in, out) with a 95% prediction interval for one new run: the noise of a new
 * run (relative, s * value) plus the uncertainty of the coefficients, t-quantile on n - 3 df.
 */
export function predictBilinear(fit: BilinearFit, inLen: number, outLen: number): Prediction {
  const x0 = features({ in: inLen, out: outLen });
  const value = dot(fit.linear.beta, x0);
  const { s, df, xtxInv } = fit.linear;
  const half = df > 0 ? tQuantile(0.975, df) * s * Math.sqrt(value ** 2 + leverage(xtxInv, x0)) : Infinity;
  return { predicted: true, value, interval: [value - half, value + half] };
}
