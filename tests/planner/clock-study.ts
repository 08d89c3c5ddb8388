/**
 * A synthetic study whose truth is a known smooth function of the SM clock (the power-law form
 * of lib/models/power-law.ts): one configuration (TP1, 600 W, max_num_seqs 16, one request mix)
 * measured at five clocks, two repeats each (+-0.4%, so the means are the truth). With a TTFT
 * p99 limit of 1600 ms the lowest clock that meets it, and the least energy, is between 1200 MHz
 * (1670 ms) and 1400 MHz (1366 ms): the unmeasured midpoint 1300 MHz (1504 ms).
 */
import type { RunForConfig } from '@/lib/configs/types';
import { syntheticRun } from './synthetic';

export const CLOCKS = [1000, 1200, 1400, 1600, 1800];
export const IDLE_W = 50;
export const TTFT_LIMIT_MS = 1600;
const F_REF = 1800;

/** The truth at clock f: request throughput, power, latencies (ms). */
export function truth(f: number) {
  const r = f / F_REF;
  return {
    x: 2 + 6 * r,
    p: 120 + 380 * r ** 2.5,
    ttft: 200 + 800 * r ** -1.5,
    tpot: 20 + 30 * r ** -1,
    e2e: 300 + 1200 * r ** -0.8,
  };
}

/** One instance's power (W) at λ req/s below its lowest concurrency: capacity.ts's busy share, written out. */
export function truthPowerW(f: number, rps: number): number {
  const t = truth(f);
  return IDLE_W + (t.p - IDLE_W) * (1 - Math.exp((-rps * t.e2e) / 1000));
}

type Extra = { powerLimitW?: number; metrics?: (f: number, i: number) => Partial<RunForConfig['metrics']> };

let nextId = 1;

/** The study's runs; `extra` overrides metrics (a noisy family, a key that fits poorly). */
export function clockRuns(extra: Extra = {}): RunForConfig[] {
  const out: RunForConfig[] = [];
  CLOCKS.forEach((f, i) => {
    for (const noise of [-0.004, 0.004]) {
      const t = truth(f);
      out.push(
        syntheticRun(
          nextId++,
          { sm_clock_mhz: f, power_limit_w: extra.powerLimitW ?? 600, tp: 1, max_num_seqs: 16 },
          {
            request_throughput_rps: t.x * (1 + noise),
            avg_power_w: t.p * (1 - noise),
            ttft_ms_p99: t.ttft * (1 + noise),
            tpot_ms_p99: t.tpot * (1 + noise),
            e2e_ms_mean: t.e2e * (1 + noise),
            ...extra.metrics?.(f, i),
          },
        ),
      );
    }
  });
  return out;
}

/** Non-monotone over the clock: no smooth curve fits it (R^2 well below 0.9). */
export const ZIGZAG = [1, 1.3, 0.8, 1.25, 0.9];
