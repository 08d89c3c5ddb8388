/** Per-interval summary of a replay: measured percentiles, SLO attainment, energy error. */
import { percentile } from '@/lib/stats';
import type { IntervalPlan, SloLimit } from '../types';
import type { IntervalValidation } from './types';

export type Samples = { ttft: number[]; tpot: number[]; e2e: number[]; itl: number[]; requests: number };

export function summarizeInterval(
  iv: Pick<IntervalPlan, 'startS'> & { predicted: { energyJ: number; switchEnergyJ?: number } },
  measuredEnergyJ: number,
  s: Samples,
  slo: readonly SloLimit[],
): IntervalValidation {
  const predictedEnergyJ = iv.predicted.energyJ - (iv.predicted.switchEnergyJ ?? 0);
  const measuredMs: Record<string, number> = Object.create(null);
  const attainment: Record<string, number> = Object.create(null);
  for (const lim of slo) {
    const values = s[lim.family];
    if (!values.length) continue;
    const sorted = [...values].sort((a, b) => a - b);
    measuredMs[lim.key] = percentile(sorted, Number(lim.pct.slice(1)))!;
    attainment[lim.key] = values.filter((v) => v <= lim.limitMs).length / values.length;
  }
  return {
    startS: iv.startS,
    requests: s.requests,
    predictedEnergyJ,
    measuredEnergyJ,
    errorPct: predictedEnergyJ > 0 ? (100 * (measuredEnergyJ - predictedEnergyJ)) / predictedEnergyJ : 0,
    measuredMs,
    attainment,
  };
}
