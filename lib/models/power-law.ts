/**
 * A quantity as a smooth function of the SM clock, y = y0 + k*(f/f_ref)^g, f_ref = the highest
 * measured clock. For power, y0 is the clock-independent part (idle, memory) and g the exponent of
 * dynamic power (f*V^2 with V rising with f gives g around 2-3); throughput fits the same form,
 * saturating (g < 0, k < 0) where decode is memory-bound and extra clock buys little. Linear in (y0, k) for a given g: g is found by a scan
 * then golden-section refinement of the residual sum of squares.
 */
import { tQuantile } from '@/lib/stats/t';
import { fitLinear, leverage, type LinearFit } from './linear';
import { crossValidate, rSquared } from './quality';
import type { FitQuality, FitRefusal, Prediction } from './types';

export const POWER_LAW_FORM = 'y0+k*(f/f_ref)^g';
export const POWER_LAW_MIN_N = 5;
export const POWER_LAW_MIN_CLOCKS = 4;
/** Exponents scanned: a negative g with k < 0 is a saturating curve (throughput of memory-bound decode). */
const G_RANGE: [number, number] = [-4, 6];
/** Near g = 0 the term is almost constant and collinear with y0: skipped. */
const G_DEAD = 0.05;
const NO_CV = { mape: null, folds: 0, reason: 'not computed (cross-validation not asked for)' } as const;

export interface ClockPoint {
  id?: number;
  f: number;
  y: number;
}

export interface PowerLawFit extends FitQuality {
  ok: true;
  form: typeof POWER_LAW_FORM;
  coefficients: { y0: number; k: number; g: number; f_ref: number };
  linear: LinearFit;
}

function linearAt(points: readonly ClockPoint[], g: number, fRef: number): LinearFit | string {
  const r = fitLinear(
    points.map((p) => [1, (p.f / fRef) ** g]),
    points.map((p) => p.y),
  );
  return r.ok ? r : r.reason;
}

function bestExponent(points: readonly ClockPoint[], fRef: number): { g: number; lin: LinearFit } | string {
  const sse = (g: number) => {
    const l = linearAt(points, g, fRef);
    return typeof l === 'string' ? Infinity : l.sse;
  };
  let bestG = NaN;
  let best = Infinity;
  for (let g = G_RANGE[0]; g <= G_RANGE[1] + 1e-9; g += 0.05) {
    if (Math.abs(g) < G_DEAD) continue;
    const e = sse(g);
    if (e < best) [best, bestG] = [e, g];
  }
  if (!Number.isFinite(best)) return 'the clocks do not vary enough to fit a curve';
  // Refine within one scan step on the same side of zero.
  let lo = Math.max(G_RANGE[0], bestG - 0.05);
  let hi = Math.min(G_RANGE[1], bestG + 0.05);
  if (bestG > 0) lo = Math.max(lo, G_DEAD);
  else hi = Math.min(hi, -G_DEAD);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (sse(a) < sse(b)) hi = b;
    else lo = a;
  }
  const g = (lo + hi) / 2;
  const lin = linearAt(points, g, fRef);
  return typeof lin === 'string' ? lin : { g, lin };
}

type FitOpts = { folds?: number; seed?: number; crossValidate?: boolean };

/** k-fold CV of the whole fit (exponent included); skipped when the caller needs only the curve and R^2. */
function clockCv(usable: readonly ClockPoint[], fRef: number, opts: FitOpts) {
  if (opts.crossValidate === false) return NO_CV;
  return crossValidate(
    usable,
    (p) => p.y,
    (train) => {
      if (new Set(train.map((p) => p.f)).size < 3) return 'too few distinct clocks left in the training folds';
      const b = bestExponent(train, fRef);
      return typeof b === 'string' ? b : (p: ClockPoint) => b.lin.beta[0] + b.lin.beta[1] * (p.f / fRef) ** b.g;
    },
    opts.folds ?? 5,
    opts.seed ?? 1,
  );
}

export function fitPowerLaw(
  points: readonly ClockPoint[],
  /** crossValidate false: no k-fold CV (cv_mape null with cv_note). */
  opts: FitOpts = {},
): PowerLawFit | FitRefusal {
  const usable = points.filter((p) => Number.isFinite(p.f) && p.f > 0 && Number.isFinite(p.y));
  const n = usable.length;
  if (n < POWER_LAW_MIN_N)
    return {
      ok: false,
      reason: `n = ${n} runs, below the minimum of ${POWER_LAW_MIN_N} for a 3-parameter clock curve`,
      n,
    };
  const clocks = new Set(usable.map((p) => p.f));
  if (clocks.size < POWER_LAW_MIN_CLOCKS) {
    return {
      ok: false,
      reason: `only ${clocks.size} distinct SM clock${clocks.size === 1 ? '' : 's'}: a curve through clocks needs at least ${POWER_LAW_MIN_CLOCKS}`,
      n,
    };
  }
  const fRef = Math.max(...clocks);
  const best = bestExponent(usable, fRef);
  if (typeof best === 'string') return { ok: false, reason: best, n };
  const { g, lin } = best;
  const fitted = usable.map((p) => lin.beta[0] + lin.beta[1] * (p.f / fRef) ** g);
  const cv = clockCv(usable, fRef, opts);
  return {
    ok: true,
    form: POWER_LAW_FORM,
    coefficients: { y0: lin.beta[0], k: lin.beta[1], g, f_ref: fRef },
    n,
    r2: rSquared(
      usable.map((p) => p.y),
      fitted,
    ),
    cv_mape: cv.mape,
    cv_folds: cv.folds,
    ...(cv.mape === null ? { cv_note: cv.reason } : {}),
    // g was estimated too: one more parameter than the linear part's df counts.
    rmse: n > 3 ? Math.sqrt(lin.sse / (n - 3)) : NaN,
    residuals: usable.map((p, i) => ({
      ...(p.id !== undefined ? { id: p.id } : {}),
      x: { f: p.f },
      y: p.y,
      fitted: fitted[i],
      residual: p.y - fitted[i],
    })),
    linear: lin,
  };
}

/**
 * Predicted value at clock f with a 95% prediction interval. The interval treats g as known (it
 * uses n - 3 degrees of freedom for the three estimated parameters): slightly optimistic far
 * outside the measured clocks, which is why extrapolation is flagged by the caller.
 */
export function predictPowerLaw(fit: PowerLawFit, f: number): Prediction {
  const { y0, k, g, f_ref } = fit.coefficients;
  const x0 = [1, (f / f_ref) ** g];
  const value = y0 + k * x0[1];
  const df = fit.n - 3;
  const half = df > 0 ? tQuantile(0.975, df) * fit.rmse * Math.sqrt(1 + leverage(fit.linear.xtxInv, x0)) : Infinity;
  return { predicted: true, value, interval: [value - half, value + half] };
}
