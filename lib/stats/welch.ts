/**
 * Welch's unequal-variance t-test for a difference of two means, with the Welch-Satterthwaite
 * degrees of freedom and a two-sided p-value. Used to say whether two configurations differ by
 * more than measurement noise. Needs at least two values on each side: one run has no estimate
 * of noise, and the result says so instead of inventing one.
 */
import { mean, sd } from './describe';
import { tCdf } from './t';

export type WelchResult =
  | { ok: true; t: number; df: number; p: number; diff: number; /** p < alpha */ significant: boolean }
  | { ok: false; reason: string };

export const ALPHA = 0.05;

export function welch(a: readonly number[], b: readonly number[], alpha = ALPHA): WelchResult {
  if (a.length < 2 || b.length < 2) return { ok: false, reason: 'single run: no estimate of noise' };
  const ma = mean(a);
  const mb = mean(b);
  const va = sd(a) ** 2 / a.length;
  const vb = sd(b) ** 2 / b.length;
  const se2 = va + vb;
  const diff = ma - mb;
  if (se2 === 0) {
    // Both sides are constant: any difference is exact, none is noise.
    const p = diff === 0 ? 1 : 0;
    return {
      ok: true,
      t: diff === 0 ? 0 : Math.sign(diff) * Infinity,
      df: a.length + b.length - 2,
      p,
      diff,
      significant: p < alpha,
    };
  }
  const t = diff / Math.sqrt(se2);
  const df = se2 ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  return { ok: true, t, df, p, diff, significant: p < alpha };
}
