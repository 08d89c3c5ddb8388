/**
 * End to end: a plan made from the simulated demo study's measured runs, for a slice of the
 * built-in Azure conversation trace, replayed on the simulated device (virtual time) following
 * the schedule. The measured serving energy must be within 10% of the prediction, in total, and
 * the SLO attainment at least the target percentile. The slice of the 70B model includes instance
 * count changes (the load peaks mid-slice), so starting and draining instances is exercised.
 */
import { describe, expect, it } from 'vitest';
import { measuredPoints } from '@/lib/planner/measured';
import { makePlan } from '@/lib/planner/plan';
import { replayOnSim } from '@/lib/planner/replay/sim';
import { parseSlo } from '@/lib/planner/slo';
import { bucketRates, loadBuiltin, sliceWorkload } from '@/lib/workloads';
import { demoRuns } from './helpers';

const CASES = [
  {
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    startS: 0,
    durationS: 600,
    slo: { ttft_ms_p99: 2000, tpot_ms_p99: 100 },
  },
  {
    model: 'meta-llama/Llama-3.1-70B-Instruct',
    startS: 1200,
    durationS: 900,
    slo: { ttft_ms_p99: 3000, tpot_ms_p99: 150 },
  },
];

describe('validation by replay on the simulated device', () => {
  for (const c of CASES)
    it(`${c.model}: conversation trace ${c.startS}-${c.startS + c.durationS} s`, () => {
      const slice = sliceWorkload(loadBuiltin('azure-conv-2023')!, { startS: c.startS, durationS: c.durationS });
      const intervalS = 60;
      const reqs = slice.requests;
      const slo = parseSlo(c.slo);
      const plan = makePlan({
        points: measuredPoints(demoRuns(c.model)).points,
        intervals: bucketRates({ durationS: slice.durationS, requests: reqs }, intervalS),
        durationS: slice.durationS,
        workloadMix: {
          inLen: reqs.reduce((a, r) => a + r.inputTokens, 0) / reqs.length,
          outLen: reqs.reduce((a, r) => a + r.outputTokens, 0) / reqs.length,
        },
        options: {
          intervalS,
          slo,
          maxUtilisation: 0.8,
          idleWPerGpu: 70,
          switchCost: { timeS: 60, energyJ: 20_000 },
          maxInstances: 4,
          baseline: 'max_clock_static',
          allowCostly: true,
        },
        money: { pricePerKwh: 0.1, gridGco2PerKwh: 400 },
      });
      expect(plan.totals.savingsPct).toBeGreaterThan(10);
      const v = replayOnSim({
        gpu: 'H100-SXM',
        model: c.model,
        intervals: plan.intervals,
        intervalS,
        durationS: slice.durationS,
        requests: reqs,
        slo,
      });
      expect(v.completed).toBe(reqs.length);
      expect(v.intervals).toHaveLength(plan.intervals.length);
      expect(Math.abs(v.errorPct)).toBeLessThan(10);
      expect(v.passed.energyWithin10Pct).toBe(true);
      for (const s of slo) expect(v.attainment[s.key]).toBeGreaterThanOrEqual(0.99);
      expect(v.passed.sloAttained).toBe(true);
      // Per interval the prediction holds too (looser: a minute of bursty arrivals is noisy).
      for (const iv of v.intervals) expect(Math.abs(iv.errorPct)).toBeLessThan(20);
      if (c.model.includes('70B'))
        expect(new Set(plan.intervals.map((i) => i.config.instances)).size).toBeGreaterThan(1);
    }, 60_000);
});
