/**
 * A plan as pinned into a report (the manager view): the headline sentence, the totals, the
 * per-interval series for the timeline and where the numbers come from. Frozen into the report's
 * snapshot (`snapshot.plans`), so the report does not change when the plan is replayed or deleted.
 * Client-safe.
 */
import type { PlanTotals } from './types';

export type PlanBlock = {
  planId: number;
  title: string;
  pinnedAt: string;
  sentence: string;
  baselineName: string;
  totals: PlanTotals;
  series: Array<{
    startS: number;
    rateRps: number;
    powerW: number;
    baselinePowerW: number;
    smClockMhz: number;
    instances: number;
    /** A predicted (unmeasured) clock; absent in blocks pinned before predictions. */
    predicted?: boolean;
  }>;
  context: {
    studyName: string;
    model: string;
    gpu: string;
    simulated: boolean;
    workloadName: string;
    attribution: string | null;
  };
  validation: { errorPct: number; sloAttained: boolean; simulated: boolean } | null;
};

const money = (x: number) => `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;
const kwhText = (x: number) => (x >= 100 ? `${Math.round(x).toLocaleString('en-US')} kWh` : `${x.toPrecision(3)} kWh`);

/** "This schedule saves X kWh and $Y per month against running at max clock all day (Z%)." */
export function savingsSentence(t: PlanTotals, baselineName: string): string {
  const saved = t.baselineAtTraceRate.perMonth.kwh - t.atTraceRate.perMonth.kwh;
  const cost = t.baselineAtTraceRate.perMonth.cost - t.atTraceRate.perMonth.cost;
  const against = baselineName.startsWith('max clock')
    ? 'running at max clock all day, sized for the peak'
    : `the best static configuration`;
  if (saved <= 0)
    return `This schedule saves nothing against ${against}: the static configuration is already the cheapest that meets the SLOs.`;
  return `This schedule saves ${kwhText(saved)} and ${money(cost)} per month against ${against} (${t.savingsPct.toFixed(0)}% less energy), at the trace's rate around the clock.`;
}
