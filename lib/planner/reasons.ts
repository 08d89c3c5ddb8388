/**
 * Which knob saved what, against the max-clock static configuration, attributed in a fixed order
 * (the sum of the parts equals the total saving):
 *  1. SM clock: the baseline's TP, max_num_seqs, instances and power limit, the clock chosen per interval;
 *  2. power limit: the same, with the power limit also chosen per interval;
 *  3. costly knobs: the full plan (TP, max_num_seqs and instance count change too), net of switching.
 * An order-dependent attribution: a different order would share the total differently.
 */
import type { CostlyState } from './evaluate';
import { planSchedule, type IntervalInput } from './schedule';
import { kwh } from './totals';
import type { CheapKnobs, PlannerOptions, Reason, StaticPlan } from './types';

/** Energy of a schedule with its switching; null when it is infeasible. */
export function scheduleJ(r: ReturnType<typeof planSchedule>): number | null {
  if (!('steps' in r)) return null;
  return r.steps.reduce((a, s) => a + s.prediction.energyJ + s.switchEnergyJ, 0);
}

export function describeReasons(
  inputs: readonly IntervalInput[],
  states: readonly CostlyState[],
  opts: PlannerOptions,
  maxClock: StaticPlan,
  planJ: number,
  max: CheapKnobs,
  /** Intervals of the plan at a predicted (unmeasured) clock. */
  predictedIntervals = 0,
): Reason[] {
  const fixedState = { tp: maxClock.knobs.tp, mns: maxClock.knobs.max_num_seqs, n: maxClock.instances };
  const clockOnly =
    scheduleJ(
      planSchedule(inputs, states, opts, { fixedState, allowCheap: (k) => k.power_limit_w === max.power_limit_w }),
    ) ?? maxClock.energyJ;
  const cheapAll = scheduleJ(planSchedule(inputs, states, opts, { fixedState })) ?? clockOnly;
  const saved = [
    {
      knob: 'sm_clock_mhz',
      j: maxClock.energyJ - clockOnly,
      what: `SM clock set per interval${predictedIntervals ? ` (the plan runs a predicted, unmeasured clock in ${predictedIntervals} interval${predictedIntervals === 1 ? '' : 's'})` : ''}`,
    },
    { knob: 'power_limit_w', j: clockOnly - cheapAll, what: 'power limit set per interval' },
    {
      knob: 'instances',
      j: cheapAll - planJ,
      what: 'instances, TP and max_num_seqs changed with the load (net of switching)',
    },
  ];
  const total = maxClock.energyJ - planJ;
  return saved.map((s) => ({
    knob: s.knob,
    savedKwh: kwh(s.j),
    text: `${s.what}: ${kwh(s.j).toFixed(3)} kWh over the trace${total > 0 ? ` (${Math.round((100 * s.j) / total)}% of the saving against max clock)` : ''}`,
  }));
}
