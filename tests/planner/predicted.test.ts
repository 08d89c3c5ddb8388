/**
 * Predicted clocks in the planner, on a synthetic study whose truth is a known smooth function of
 * the clock (./clock-study.ts): with predictions the planner picks the unmeasured midpoint clock
 * that is the true optimum, flagged predicted, at the true energy, and beats the best plan from
 * measured clocks; without, it keeps to measured clocks. A family that fits poorly predicts
 * nothing (with a note), and an SLO on a latency key without a usable fit admits no predicted clock.
 */
import { describe, expect, it } from 'vitest';
import { measuredPoints } from '@/lib/planner/measured';
import { makePlan, type PlanRequest } from '@/lib/planner/plan';
import { predictedPoints } from '@/lib/planner/predicted';
import { parseSlo } from '@/lib/planner/slo';
import type { RunForConfig } from '@/lib/configs/types';
import type { LoadInterval, PlannerOptions } from '@/lib/planner/types';
import { CLOCKS, clockRuns, IDLE_W, TTFT_LIMIT_MS, truth, truthPowerW, ZIGZAG } from './clock-study';

const RATES = [1, 2.5, 4, 1.5];
const interval = (rate: number, i: number): LoadInterval => ({
  startS: i * 60,
  requests: rate * 60,
  rateRps: rate,
  meanIn: 500,
  meanOut: 200,
});
const options = (slo: Record<string, number>): PlannerOptions => ({
  intervalS: 60,
  slo: parseSlo(slo),
  maxUtilisation: 0.8,
  idleWPerGpu: IDLE_W,
  switchCost: { timeS: 0, energyJ: 0 },
  maxInstances: 2,
  baseline: 'max_clock_static',
  allowCostly: true,
});

function request(runs: RunForConfig[], o: { predictions?: boolean; slo?: Record<string, number>; rates?: number[] }) {
  const measured = measuredPoints(runs).points;
  const pred = o.predictions === false ? null : predictedPoints(runs, ['ttft_ms_p99', 'tpot_ms_p99', 'e2e_ms_mean']);
  const rates = o.rates ?? RATES;
  return {
    points: pred ? [...measured, ...pred.points] : measured,
    intervals: rates.map(interval),
    durationS: rates.length * 60,
    workloadMix: { inLen: 500, outLen: 200 },
    options: options(o.slo ?? { ttft_ms_p99: TTFT_LIMIT_MS }),
    money: { pricePerKwh: 0.2, gridGco2PerKwh: 300, requestsPerDay: null },
    predictions: { enabled: o.predictions !== false, families: pred?.families ?? 0, notes: pred?.notes ?? [] },
  } satisfies PlanRequest;
}

const clocks = (p: ReturnType<typeof makePlan>) => p.intervals.map((iv) => iv.config.knobs.sm_clock_mhz);

describe('predicted points of a smooth clock family', () => {
  const set = predictedPoints(clockRuns());

  it('sit at the midpoints, flagged, throughput and power at the truth, latency percentiles above it', () => {
    expect(set.families).toBe(1);
    expect(set.points.map((p) => p.smClockMhz)).toEqual([1100, 1300, 1500, 1700]);
    for (const p of set.points) {
      const t = truth(p.smClockMhz);
      expect(p.predicted).toBe(true);
      expect(p.throughputRps).toBeCloseTo(t.x, 2);
      expect(Math.abs(p.powerW / t.p - 1)).toBeLessThan(0.002);
      // Upper end of the 95% prediction interval: above the truth, by a few percent at most.
      expect(p.latencyMs.ttft_ms_p99).toBeGreaterThan(t.ttft);
      expect(p.latencyMs.ttft_ms_p99 / t.ttft - 1).toBeLessThan(0.03);
      // A mean takes the fitted value (capacity.ts reads it as the time in system).
      expect(Math.abs(p.latencyMs.e2e_ms_mean / t.e2e - 1)).toBeLessThan(0.002);
    }
  });

  it('never predicts a clock that was measured, nor beyond the measured range', () => {
    for (const p of set.points) {
      expect(CLOCKS).not.toContain(p.smClockMhz);
      expect(p.smClockMhz).toBeGreaterThan(Math.min(...CLOCKS));
      expect(p.smClockMhz).toBeLessThan(Math.max(...CLOCKS));
    }
  });
});

describe('the planner with predicted clocks', () => {
  const on = makePlan(request(clockRuns(), {}));
  const off = makePlan(request(clockRuns(), { predictions: false }));

  it('picks the unmeasured true optimum (1300 MHz) in every interval, flagged predicted', () => {
    expect(clocks(on)).toEqual(RATES.map(() => 1300));
    expect(on.intervals.every((iv) => iv.config.predicted === true && iv.config.instances === 1)).toBe(true);
    expect(on.predictions).toMatchObject({ enabled: true, families: 1, points: 4, chosenIntervals: 4 });
    expect(on.bestStatic.predicted).toBe(true);
    expect(on.maxClockStatic.predicted).toBe(false);
  });

  it('predicts the energy the truth gives at that clock, within 1%', () => {
    on.intervals.forEach((iv, k) => {
      const trueJ = truthPowerW(1300, RATES[k]) * 60;
      expect(Math.abs(iv.predicted.energyJ / trueJ - 1)).toBeLessThan(0.01);
    });
  });

  it('beats the best plan from measured clocks alone, which it reports', () => {
    const measuredJ = RATES.reduce((a, r) => a + truthPowerW(1400, r) * 60, 0);
    expect(off.totals.energyKwh * 3.6e6).toBeCloseTo(measuredJ, 0);
    expect(on.totals.energyKwh).toBeLessThan(off.totals.energyKwh);
    expect(on.predictions!.measuredOnlyEnergyKwh).toBeCloseTo(off.totals.energyKwh, 9);
  });

  it('says so in the reasons and the assumptions', () => {
    expect(on.reasons.find((r) => r.knob === 'sm_clock_mhz')!.text).toMatch(
      /predicted, unmeasured clock in 4 intervals/,
    );
    expect(on.assumptions.join(' ')).toMatch(/upper end of the 95% prediction interval/);
    expect(off.assumptions.join(' ')).not.toMatch(/Predicted clocks/);
  });

  it('with predictions off, only measured clocks', () => {
    expect(clocks(off)).toEqual(RATES.map(() => 1400));
    expect(off.intervals.some((iv) => iv.config.predicted)).toBe(false);
    expect(off.predictions).toMatchObject({ enabled: false, points: 0, chosenIntervals: 0 });
  });
});

describe('where the fits do not hold', () => {
  it('a family that fits poorly gives no predicted points, and a note says why', () => {
    const zigzag = clockRuns({
      powerLimitW: 400,
      metrics: (f, i) => ({ request_throughput_rps: truth(f).x * ZIGZAG[i] }),
    });
    const set = predictedPoints([...clockRuns(), ...zigzag]);
    expect(set.families).toBe(1);
    expect(set.points.every((p) => p.powerLimitW === 600)).toBe(true);
    expect(set.notes).toContainEqual(
      expect.stringMatching(
        /^1 family: the request throughput curve over the clock fits poorly \(R² 0\.\d\d, below 0\.9\)$/,
      ),
    );
  });

  it('an SLO on a latency key without a usable fit never admits a predicted clock, even in an empty interval', () => {
    const runs = clockRuns({ metrics: (f, i) => ({ itl_ms_p99: 40 * ZIGZAG[i] }) });
    const set = predictedPoints(runs);
    expect(set.points.length).toBe(4);
    expect(set.points.every((p) => !('itl_ms_p99' in p.latencyMs))).toBe(true);
    expect(set.notes.join(' ')).toMatch(
      /itl_ms_p99 curve over the clock fits poorly: predicted points there carry no itl_ms_p99/,
    );
    const req = request(runs, { slo: { ttft_ms_p99: TTFT_LIMIT_MS, itl_ms_p99: 100 }, rates: [...RATES, 0] });
    // Predicted points first: in the empty interval every clock idles at the same power, and the
    // first curve of equal energy would win were the SLO not checked there.
    const p = makePlan({ ...req, points: [...set.points, ...measuredPoints(runs).points] });
    expect(p.intervals.some((iv) => iv.config.predicted)).toBe(false);
    expect(p.bestStatic.predicted).toBe(false);
    expect(clocks(p).slice(0, RATES.length)).toEqual(RATES.map(() => 1400));
  });
});
