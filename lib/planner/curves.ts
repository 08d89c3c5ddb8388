/**
 * Operating curves: for each configuration (TP, SM clock, power limit), its measured points over
 * concurrency, converted to the workload's request mix (./mix.ts). A closed-loop run at
 * concurrency c tells what one instance does when c requests are in flight; under open-loop
 * arrivals at rate λ the instance settles where its throughput equals λ (Little's law), so the
 * curve is read at throughput λ (./capacity.ts).
 */
import { combine, mixWeights, type Mix } from './mix';
import type { MeasuredPoint } from './measured';
import type { CurvePoint, OperatingCurve } from './types';

const mixKey = (m: Mix) => `${m.inLen}|${m.outLen}`;

export type CurveSet = { curves: OperatingCurve[]; extrapolated: boolean };

/** Curves for one request mix; a concurrency is kept only where every mix it needs was measured. */
export function curvesFor(points: readonly MeasuredPoint[], target: Mix): CurveSet {
  const mixes = new Map<string, Mix>();
  for (const p of points) mixes.set(mixKey(p), { inLen: p.inLen, outLen: p.outLen });
  const mw = mixWeights([...mixes.values()], target);
  const byConfig = new Map<string, MeasuredPoint[]>();
  for (const p of points) {
    // Predicted and measured points never share a curve (./predicted.ts never predicts a measured clock).
    const k = `${p.tp}|${p.gpuCount}|${p.smClockMhz}|${p.powerLimitW}|${p.predicted ? 'p' : 'm'}`;
    byConfig.set(k, [...(byConfig.get(k) ?? []), p]);
  }
  const curves: OperatingCurve[] = [];
  for (const ps of byConfig.values()) {
    const concs = [...new Set(ps.map((p) => p.concurrency))].sort((a, b) => a - b);
    const out: CurvePoint[] = [];
    for (const c of concs) {
      const at = mw.weights.map(({ mix }) =>
        ps.find((p) => p.concurrency === c && p.inLen === mix.inLen && p.outLen === mix.outLen),
      );
      if (at.some((p) => !p)) continue;
      const pts = at as MeasuredPoint[];
      const w = mw.weights.map((x) => x.w);
      const secPerReq = combine(
        pts.map((p) => 1 / p.throughputRps),
        w,
      );
      const joulesPerReq = combine(
        pts.map((p) => p.powerW / p.throughputRps),
        w,
      );
      const latencyMs: Record<string, number> = Object.create(null);
      for (const key of Object.keys(pts[0].latencyMs))
        if (pts.every((p) => key in p.latencyMs))
          latencyMs[key] = combine(
            pts.map((p) => p.latencyMs[key]),
            w,
          );
      const point: CurvePoint = {
        concurrency: c,
        throughputRps: 1 / secPerReq,
        powerW: joulesPerReq / secPerReq,
        latencyMs,
        runs: pts.reduce((a, p) => a + p.runs, 0),
      };
      // A higher concurrency that completes no more requests is never worth running.
      if (out.length && point.throughputRps <= out[out.length - 1].throughputRps) continue;
      out.push(point);
    }
    if (!out.length) continue;
    const p0 = ps[0];
    curves.push({
      knobs: { sm_clock_mhz: p0.smClockMhz, power_limit_w: p0.powerLimitW, tp: p0.tp },
      gpuCount: p0.gpuCount,
      points: out,
      predicted: !!p0.predicted,
    });
  }
  return { curves, extrapolated: mw.extrapolated };
}
