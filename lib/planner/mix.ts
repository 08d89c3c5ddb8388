/**
 * From the study's request mixes to the workload's. A request's service time and energy at a
 * given concurrency are taken as linear in its input and output tokens (prefill work grows with
 * the prompt, decode steps with the answer): with two measured mixes A and B, the workload's
 * (in, out) = wA x A + wB x B, and every per-request quantity (seconds per request, joules per
 * request, latency percentiles) is combined with the same weights. One mix: it is used as is (a
 * stated limit). Weights outside [0, 1] are extrapolation and are reported.
 */
export type Mix = { inLen: number; outLen: number };
export type MixWeights = { weights: Array<{ mix: Mix; w: number }>; extrapolated: boolean };

const ratio = (m: Mix) => Math.log(m.outLen / m.inLen);

export function mixWeights(mixes: readonly Mix[], target: Mix): MixWeights {
  if (mixes.length === 1) return { weights: [{ mix: mixes[0], w: 1 }], extrapolated: false };
  // The two mixes whose output/input ratios are nearest the target's (bracketing it when possible).
  const sorted = [...mixes].sort((a, b) => ratio(a) - ratio(b));
  const r = ratio(target);
  let i = sorted.findIndex((m) => ratio(m) >= r);
  if (i <= 0) i = i === 0 ? 1 : sorted.length - 1;
  const a = sorted[i - 1];
  const b = sorted[i];
  const det = a.inLen * b.outLen - b.inLen * a.outLen;
  if (Math.abs(det) < 1e-9) return { weights: [{ mix: a, w: 1 }], extrapolated: false };
  const wA = (target.inLen * b.outLen - b.inLen * target.outLen) / det;
  const wB = (a.inLen * target.outLen - target.inLen * a.outLen) / det;
  return {
    weights: [
      { mix: a, w: wA },
      { mix: b, w: wB },
    ],
    extrapolated: wA < 0 || wB < 0,
  };
}

/** Combines one per-request quantity with the weights; never below a tenth of the smallest input. */
export function combine(values: readonly number[], w: readonly number[]): number {
  const v = values.reduce((acc, x, i) => acc + x * w[i], 0);
  return Math.max(v, 0.1 * Math.min(...values));
}
