/** The plan's stated assumptions, shown on the plan page and stored with the plan. */
import { MIN_R2, POWER_LAW_MIN_CLOCKS } from '@/lib/models';
import type { PlannerOptions } from './types';

/** Stated when the plan could choose predicted clocks (docs/planner.md, "Predicted clocks"). */
export const PREDICTED_CLOCKS_ASSUMPTION = `Predicted clocks: where a configuration was measured at ${POWER_LAW_MIN_CLOCKS} or more SM clocks, request throughput, power and latency are fitted per run as y0 + k*(f/f_ref)^g over the clock and read at the clocks midway between measured ones (interpolation only; families whose throughput or power fit has R² below ${MIN_R2} give none). Throughput and power take the fitted value; latency percentiles take the upper end of the 95% prediction interval, so an SLO is checked conservatively; a latency curve that fits poorly leaves its key out, and an SLO on it is then never met by a predicted clock. Real GPUs lock only to supported clocks (nvidia-smi rounds to the nearest).`;

export function planAssumptions(o: PlannerOptions, predicted = false): string[] {
  return [
    "Capacity and latency come from the study's closed-loop runs: a run at concurrency c is what one instance does with c requests in flight; under open-loop arrivals an instance settles where its measured throughput equals its share of the load (Little's law), and its power and latency percentiles are interpolated there.",
    `Instances are loaded to at most ${Math.round(o.maxUtilisation * 100)}% of the highest throughput measured at their max_num_seqs, leaving headroom for arrival bursts inside an interval.`,
    `Below the lowest measured concurrency an instance is busy a share 1 - exp(-λT) of the time (T: mean E2E latency there) and idles at ${o.idleWPerGpu} W per GPU otherwise; instances not needed in an interval are switched off and draw nothing.`,
    "Requests are spread evenly over the instances; request cost is linear in input and output tokens between the study's measured mixes.",
    `SM clock and power limit change at interval boundaries at no cost. TP, max_num_seqs and instance count cost ${o.switchCost.energyJ} J and ${o.switchCost.timeS} s of idle GPUs per instance started${o.allowCostly ? '' : ' (not allowed in this plan: they stay fixed)'}.`,
    'Energy is GPU energy as the study measured it (no host, cooling or PUE).',
    ...(predicted ? [PREDICTED_CLOCKS_ASSUMPTION] : []),
  ];
}
