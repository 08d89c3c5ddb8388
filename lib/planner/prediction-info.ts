/**
 * What the predicted clocks did for a plan: how many there were, how many intervals chose one,
 * and the energy of the best plan from measured clocks alone (the same schedule search without
 * the predicted curves), so that the page can say what the predictions are worth.
 */
import type { MeasuredPoint } from './measured';
import { scheduleJ } from './reasons';
import { costlyStates, planSchedule, type IntervalInput } from './schedule';
import { kwh } from './totals';
import type { IntervalPlan, PlannerOptions, PredictionInfo } from './types';

export type PredictionSource = { enabled: boolean; families: number; notes: string[] };

/** Least energy (J) over the trace from measured curves only; null when they cannot serve it. */
function measuredOnlyJ(inputs: readonly IntervalInput[], opts: PlannerOptions): number | null {
  const measured = inputs.map((i) => ({ ...i, curves: i.curves.filter((c) => !c.predicted) }));
  const states = costlyStates(
    measured.flatMap((i) => i.curves),
    opts.maxInstances,
  );
  return scheduleJ(planSchedule(measured, states, opts));
}

export function predictionInfo(
  source: PredictionSource | undefined,
  points: readonly MeasuredPoint[],
  plan: { inputs: readonly IntervalInput[]; intervals: readonly IntervalPlan[]; energyJ: number; opts: PlannerOptions },
): PredictionInfo {
  const chosenIntervals = plan.intervals.filter((iv) => iv.config.predicted).length;
  // A schedule that chose no predicted clock is already the best from measured clocks alone.
  const onlyJ = chosenIntervals ? measuredOnlyJ(plan.inputs, plan.opts) : plan.energyJ;
  return {
    ...(source ?? { enabled: false, families: 0, notes: [] }),
    points: points.filter((x) => x.predicted).length,
    chosenIntervals,
    measuredOnlyEnergyKwh: onlyJ === null ? null : kwh(onlyJ),
  };
}
