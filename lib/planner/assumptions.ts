/** The plan's stated assumptions, shown on the plan page and stored with the plan. */
import type { PlannerOptions } from './types';

export function planAssumptions(o: PlannerOptions): string[] {
  return [
    "Capacity and latency come from the study's closed-loop runs: a run at concurrency c is what one instance does with c requests in flight; under open-loop arrivals an instance settles where its measured throughput equals its share of the load (Little's law), and its power and latency percentiles are interpolated there.",
    `Instances are loaded to at most ${Math.round(o.maxUtilisation * 100)}% of the highest throughput measured at their max_num_seqs, leaving headroom for arrival bursts inside an interval.`,
    `Below the lowest measured concurrency an instance is busy a share 1 - exp(-λT) of the time (T: mean E2E latency there) and idles at ${o.idleWPerGpu} W per GPU otherwise; instances not needed in an interval are switched off and draw nothing.`,
    "Requests are spread evenly over the instances; request cost is linear in input and output tokens between the study's measured mixes.",
    `SM clock and power limit change at interval boundaries at no cost. TP, max_num_seqs and instance count cost ${o.switchCost.energyJ} J and ${o.switchCost.timeS} s of idle GPUs per instance started${o.allowCostly ? '' : ' (not allowed in this plan: they stay fixed)'}.`,
    'Energy is GPU energy as the study measured it (no host, cooling or PUE).',
  ];
}
