/**
 * Static configurations, held for the whole trace: what the plan is compared against.
 *  - best_static: the one configuration (all knobs and the instance count) feasible in every
 *    interval with the least total energy;
 *  - max_clock_static: SM clock and power limit at their highest measured values, TP,
 *    max_num_seqs and instances sized for the peak (least energy among those feasible everywhere).
 */
import type { CostlyState } from './evaluate';
import { planSchedule, type IntervalInput } from './schedule';
import type { CheapKnobs, PlannerOptions, StaticPlan } from './types';

const cheapKey = (k: CheapKnobs) => `${k.sm_clock_mhz}|${k.power_limit_w}`;

export function cheapOptions(inputs: readonly IntervalInput[]): CheapKnobs[] {
  const m = new Map<string, CheapKnobs>();
  for (const { curves } of inputs)
    for (const c of curves)
      m.set(cheapKey(c.knobs), { sm_clock_mhz: c.knobs.sm_clock_mhz, power_limit_w: c.knobs.power_limit_w });
  return [...m.values()];
}

export function bestStaticOf(
  name: string,
  inputs: readonly IntervalInput[],
  states: readonly CostlyState[],
  cheap: readonly CheapKnobs[],
  opts: PlannerOptions,
): StaticPlan | null {
  let best: StaticPlan | null = null;
  for (const k of cheap)
    for (const st of states) {
      const r = planSchedule(inputs, states, opts, { fixedState: st, allowCheap: (c) => cheapKey(c) === cheapKey(k) });
      if (!('steps' in r)) continue;
      const energyJ = r.steps.reduce((a, s) => a + s.prediction.energyJ, 0);
      if (best && energyJ >= best.energyJ) continue;
      best = {
        name,
        knobs: { ...k, tp: st.tp, max_num_seqs: st.mns },
        instances: st.n,
        energyJ,
        intervals: r.steps.map((s) => s.prediction),
        predicted: r.steps.some((s) => s.curve.predicted),
      };
    }
  return best;
}

/** The highest SM clock and, among its configurations, the highest power limit (predicted clocks are interpolated, never higher). */
export function maxClockKnobs(cheap: readonly CheapKnobs[]): CheapKnobs {
  const clock = Math.max(...cheap.map((k) => k.sm_clock_mhz));
  const pl = Math.max(...cheap.filter((k) => k.sm_clock_mhz === clock).map((k) => k.power_limit_w));
  return { sm_clock_mhz: clock, power_limit_w: pl };
}
