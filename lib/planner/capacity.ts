/**
 * What one instance does at an open-loop load of λ requests/s, read off its operating curve:
 *  - above the highest measured throughput x maxUtilisation: infeasible (the queue would grow);
 *  - between two measured points: linear in throughput (power, latency percentiles);
 *  - below the lowest point (c0 requests in flight): the engine is busy while at least one
 *    request is in flight. With Poisson arrivals and mean time in system T (the lowest point's
 *    mean E2E), that is a share 1 - exp(-λT) of the time (M/G/∞); busy, it draws the lowest
 *    point's power, otherwise the GPUs' idle power. Latencies are the lowest point's (an upper
 *    bound: fewer requests in flight are served no slower).
 */
import type { CurvePoint, OperatingCurve } from './types';

export type InstanceLoad = { powerW: number; latencyMs: Record<string, number>; utilisation: number };

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

function lerpLatency(a: CurvePoint, b: CurvePoint, t: number): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const k of Object.keys(a.latencyMs)) if (k in b.latencyMs) out[k] = lerp(a.latencyMs[k], b.latencyMs[k], t);
  return out;
}

/** Curve points usable with max_num_seqs = mns (concurrency never exceeds it). */
export const pointsUpTo = (curve: OperatingCurve, mns: number) => curve.points.filter((p) => p.concurrency <= mns);

export function instanceLoad(
  points: readonly CurvePoint[],
  rps: number,
  idleW: number,
  maxUtilisation: number,
): InstanceLoad | null {
  if (!points.length) return null;
  const top = points[points.length - 1];
  const allowed = top.throughputRps * maxUtilisation;
  if (rps > allowed) return null;
  const utilisation = rps / allowed;
  const p0 = points[0];
  if (rps <= p0.throughputRps) {
    const inSystemS = (p0.latencyMs.e2e_ms_mean ?? p0.latencyMs.e2e_ms_p50 ?? 0) / 1e3;
    const busy = inSystemS > 0 ? 1 - Math.exp(-rps * inSystemS) : rps / p0.throughputRps;
    return { powerW: idleW + (p0.powerW - idleW) * busy, latencyMs: { ...p0.latencyMs }, utilisation };
  }
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (rps <= b.throughputRps) {
      const t = (rps - a.throughputRps) / (b.throughputRps - a.throughputRps);
      return { powerW: lerp(a.powerW, b.powerW, t), latencyMs: lerpLatency(a, b, t), utilisation };
    }
  }
  return { powerW: top.powerW, latencyMs: { ...top.latencyMs }, utilisation };
}
