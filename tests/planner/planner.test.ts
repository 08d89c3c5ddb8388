/**
 * The planner on a synthetic study whose best configuration per load is known (./synthetic.ts):
 * it picks that configuration in every interval, its totals are the sum of its intervals, its
 * savings equal an independent computation, costly changes obey their switching cost
 * (exhaustive search agrees with the dynamic programme), and an impossible SLO is refused with
 * the reason.
 */
import { describe, expect, it } from 'vitest';
import { measuredPoints } from '@/lib/planner/measured';
import { makePlan, type PlanRequest } from '@/lib/planner/plan';
import { PlanInfeasibleError } from '@/lib/planner/errors';
import { parseSlo } from '@/lib/planner/slo';
import { curvesFor } from '@/lib/planner/curves';
import { costlyStates, switchEnergy } from '@/lib/planner/schedule';
import { bestCheap } from '@/lib/planner/evaluate';
import type { LoadInterval, PlannerOptions } from '@/lib/planner/types';
import { CURVE, E2E_MEAN_MS, IDLE_W, syntheticRuns } from './synthetic';

const RATES = [2, 6, 15, 30];
const intervals: LoadInterval[] = RATES.map((r, i) => ({
  startS: i * 60,
  requests: r * 60,
  rateRps: r,
  meanIn: 500,
  meanOut: 200,
}));
const options = (over: Partial<PlannerOptions> = {}): PlannerOptions => ({
  intervalS: 60,
  slo: parseSlo({ ttft_ms_p99: 1200 }),
  maxUtilisation: 1,
  idleWPerGpu: IDLE_W,
  switchCost: { timeS: 0, energyJ: 0 },
  maxInstances: 4,
  baseline: 'max_clock_static',
  allowCostly: true,
  ...over,
});
const request = (over: Partial<PlannerOptions> = {}): PlanRequest => ({
  points: measuredPoints(syntheticRuns()).points,
  intervals,
  durationS: 240,
  workloadMix: { inLen: 500, outLen: 200 },
  options: options(over),
  money: { pricePerKwh: 0.2, gridGco2PerKwh: 300, requestsPerDay: 1e6 },
});

/** The model written out by hand (independent of lib/planner): one instance's power at λ req/s, or null. */
function power(clock: 1000 | 2000, rps: number): { w: number; ttft: number } | null {
  const a = CURVE[clock][8];
  const b = CURVE[clock][64];
  if (rps > b.x) return null;
  if (rps <= a.x) return { w: IDLE_W + (a.p - IDLE_W) * (1 - Math.exp((-rps * E2E_MEAN_MS) / 1000)), ttft: a.ttft };
  const t = (rps - a.x) / (b.x - a.x);
  return { w: a.p + (b.p - a.p) * t, ttft: a.ttft + (b.ttft - a.ttft) * t };
}
function best(rate: number, clocks: Array<1000 | 2000>, ns = [1, 2, 3, 4]) {
  let out: { clock: number; n: number; w: number } | null = null;
  for (const clock of clocks)
    for (const n of ns) {
      const p = power(clock, rate / n);
      if (!p || p.ttft > 1200) continue;
      if (!out || p.w * n < out.w) out = { clock, n, w: p.w * n };
    }
  return out!;
}

describe('planner on a synthetic study with a known answer', () => {
  const plan = makePlan(request());

  it('picks the known least-energy feasible configuration in every interval', () => {
    // By hand: 2 and 6 req/s -> one instance at 1000 MHz; 15 -> two at 1000 MHz (one at 2000 MHz
    // costs more, one at 1000 MHz cannot carry it); 30 -> four at 1000 MHz (three break the TTFT SLO).
    expect(plan.intervals.map((i) => [i.config.knobs.sm_clock_mhz, i.config.instances])).toEqual([
      [1000, 1],
      [1000, 1],
      [1000, 2],
      [1000, 4],
    ]);
    plan.intervals.forEach((iv, k) => {
      const b = best(RATES[k], [1000, 2000]);
      expect(iv.predicted.avgPowerW).toBeCloseTo(b.w, 0);
      expect(iv.predicted.energyJ).toBeCloseTo(b.w * 60, -1);
      expect(iv.predicted.sloMargin).toBeGreaterThanOrEqual(0);
    });
  });

  it('totals are the sum of the intervals and the projections follow from them', () => {
    const sumJ = plan.intervals.reduce((a, i) => a + i.predicted.energyJ, 0);
    expect(plan.totals.energyKwh * 3.6e6).toBeCloseTo(sumJ, 6);
    expect(plan.totals.requests).toBe(RATES.reduce((a, r) => a + r * 60, 0));
    expect(plan.totals.atTraceRate.perDay.kwh).toBeCloseTo((sumJ / 3.6e6) * (86400 / 240), 9);
    expect(plan.totals.atTraceRate.perYear.cost).toBeCloseTo(plan.totals.atTraceRate.perDay.kwh * 365 * 0.2, 6);
    expect(plan.totals.atVolume!.perDay.kwh).toBeCloseTo((sumJ / 3.6e6 / plan.totals.requests) * 1e6, 9);
  });

  it('savings against max clock (sized for peak) and best static equal an independent computation', () => {
    // Max clock static: 2000 MHz, the instance count that is feasible everywhere with least energy.
    const staticJ = (clock: 1000 | 2000, n: number) => {
      let j = 0;
      for (const r of RATES) {
        const p = power(clock, r / n);
        if (!p || p.ttft > 1200) return Infinity;
        j += p.w * n * 60;
      }
      return j;
    };
    const maxClockJ = Math.min(...[1, 2, 3, 4].map((n) => staticJ(2000, n)));
    const bestStaticJ = Math.min(...[1, 2, 3, 4].flatMap((n) => [staticJ(1000, n), staticJ(2000, n)]));
    const planJ = RATES.reduce((a, r) => a + best(r, [1000, 2000]).w * 60, 0);
    expect(plan.totals.maxClockStaticEnergyKwh * 3.6e6).toBeCloseTo(maxClockJ, -1);
    expect(plan.totals.bestStaticEnergyKwh * 3.6e6).toBeCloseTo(bestStaticJ, -1);
    expect(plan.totals.savingsPct).toBeCloseTo((100 * (maxClockJ - planJ)) / maxClockJ, 1);
    expect(plan.totals.savingsVsBestStaticPct).toBeCloseTo((100 * (bestStaticJ - planJ)) / bestStaticJ, 1);
    // The reasons share the saving against max clock exactly.
    const parts = plan.reasons.reduce((a, r) => a + r.savedKwh, 0);
    expect(parts * 3.6e6).toBeCloseTo(maxClockJ - planJ, -1);
    expect(plan.reasons.find((r) => r.knob === 'sm_clock_mhz')!.savedKwh).toBeGreaterThan(0);
  });

  it('best_static as the baseline', () => {
    const p = makePlan(request({ baseline: 'best_static' }));
    expect(p.totals.baselineEnergyKwh).toBe(p.totals.bestStaticEnergyKwh);
    expect(p.baseline.name).toBe('best static');
  });
});

describe('hysteresis: costly changes pay for their switching cost', () => {
  it('a prohibitive switching cost keeps TP, max_num_seqs and instances fixed', () => {
    const p = makePlan(request({ switchCost: { timeS: 0, energyJ: 1e9 } }));
    const shapes = new Set(
      p.intervals.map((i) => `${i.config.knobs.tp}|${i.config.knobs.max_num_seqs}|${i.config.instances}`),
    );
    expect(shapes.size).toBe(1);
    expect(p.totals.reconfigurations).toBe(0);
    // The cheap knobs still follow the load.
    expect(p.intervals[0].predicted.energyJ).toBeLessThan(p.intervals[3].predicted.energyJ);
  });

  it('allowCostly=false never reconfigures either', () => {
    const p = makePlan(request({ allowCostly: false }));
    expect(p.totals.reconfigurations).toBe(0);
  });

  it('the schedule equals the exhaustive optimum over all state sequences at a moderate cost', () => {
    const opts = options({ switchCost: { timeS: 30, energyJ: 3000 } });
    const p = makePlan({ ...request(), options: opts });
    const curves = curvesFor(measuredPoints(syntheticRuns()).points, { inLen: 500, outLen: 200 }).curves;
    const states = costlyStates(curves, 4);
    const cost = intervals.map((iv) =>
      states.map((s) => bestCheap(curves, s, iv, 60, opts)?.prediction.energyJ ?? Infinity),
    );
    let bestJ = Infinity;
    const walk = (t: number, prev: number, acc: number) => {
      if (acc >= bestJ) return;
      if (t === intervals.length) return void (bestJ = acc);
      states.forEach((s, i) => {
        const sw = prev < 0 ? 0 : switchEnergy(states[prev], s, opts, 1);
        walk(t + 1, i, acc + sw + cost[t][i]);
      });
    };
    walk(0, -1, 0);
    expect(p.totals.energyKwh * 3.6e6).toBeCloseTo(bestJ, 3);
    // Starting instances costs 3000 J + 30 s x 50 W each: the switching energy is in the total.
    const started = p.intervals.reduce((a, iv, k) => (k && iv.reconfigured ? a + 1 : a), 0);
    expect(started).toBeGreaterThan(0);
    expect(p.totals.switchEnergyKwh).toBeGreaterThan(0);
  });
});

describe('refusals', () => {
  it('no configuration meets the SLO at the peak: a 422 with the reason', () => {
    expect(() => makePlan(request({ slo: parseSlo({ ttft_ms_p99: 200 }) }))).toThrow(PlanInfeasibleError);
    try {
      makePlan(request({ slo: parseSlo({ ttft_ms_p99: 200 }) }));
    } catch (e) {
      expect((e as PlanInfeasibleError).status).toBe(422);
      expect((e as Error).message).toMatch(/no configuration meets ttft_ms_p99 <= 200 ms at 2\.00 req\/s/);
      expect((e as Error).message).toMatch(/predicts ttft_ms_p99 300 ms/);
    }
  });

  it('more load than the instances can carry names the limit to raise', () => {
    expect(() => makePlan(request({ maxInstances: 1 }))).toThrow(/at most 1 instances/);
  });

  it('SLO keys are validated with the key named', () => {
    expect(() => parseSlo({ ttft_ms_mean: 1 })).toThrow(/slo\.ttft_ms_mean: not a latency percentile/);
    expect(() => parseSlo({ tpot_ms_p99: -1 })).toThrow(/slo\.tpot_ms_p99: expected a positive number/);
    expect(() => parseSlo({})).toThrow(/at least one limit/);
  });
});
