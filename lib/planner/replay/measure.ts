/** Per-interval summary of a replay: measured percentiles, SLO attainment, energy error. */
import { percentile } from '@/lib/stats';
import type { IntervalPlan, SloLimit } from '../types';
import { targetShare } from '../slo';
import type { IntervalValidation, PlanValidation, PredictedClockCheck } from './types';

export type Samples = { ttft: number[]; tpot: number[]; e2e: number[]; itl: number[]; requests: number };

export function summarizeInterval(
  iv: Pick<IntervalPlan, 'startS'> & {
    predicted: { energyJ: number; switchEnergyJ?: number };
    config?: { predicted?: boolean };
  },
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
    ...(iv.config?.predicted ? { predictedClock: true } : {}),
  };
}

/** Totals over the intervals that ran a predicted clock; null when none did. */
export function predictedClockCheck(
  intervals: readonly IntervalPlan[],
  per: readonly IntervalValidation[],
): PredictedClockCheck | null {
  const ks = intervals.flatMap((iv, k) => (iv.config.predicted ? [k] : []));
  if (!ks.length) return null;
  const predictedEnergyJ = ks.reduce((a, k) => a + per[k].predictedEnergyJ, 0);
  const measuredEnergyJ = ks.reduce((a, k) => a + per[k].measuredEnergyJ, 0);
  return {
    intervals: ks.length,
    clocksMhz: [...new Set(ks.map((k) => intervals[k].config.knobs.sm_clock_mhz))].sort((a, b) => a - b),
    predictedEnergyJ,
    measuredEnergyJ,
    errorPct: predictedEnergyJ > 0 ? (100 * (measuredEnergyJ - predictedEnergyJ)) / predictedEnergyJ : 0,
  };
}

/** What every replay reports from its per-interval energy and samples (simulated or over HTTP). */
export type ReplaySummary = Pick<
  PlanValidation,
  'intervals' | 'predictedEnergyJ' | 'measuredEnergyJ' | 'errorPct' | 'attainment' | 'targets' | 'predictedClocks'
> & { sloAttained: boolean };

/**
 * Per-interval summaries, the whole replay's (samples pooled, energies summed), the SLO targets,
 * whether every SLO reached its target share, and the check at predicted clocks.
 */
export function summarizeReplay(
  intervals: readonly IntervalPlan[],
  measuredEnergyJ: (k: number) => number,
  samples: readonly Samples[],
  slo: readonly SloLimit[],
): ReplaySummary {
  const perInterval = intervals.map((iv, k) => summarizeInterval(iv, measuredEnergyJ(k), samples[k], slo));
  const all: Samples = { ttft: [], tpot: [], e2e: [], itl: [], requests: 0 };
  // Concatenated, not spread: an interval holds hundreds of thousands of token gaps.
  for (const key of ['ttft', 'tpot', 'e2e', 'itl'] as const) all[key] = samples.flatMap((s) => s[key]);
  all.requests = samples.reduce((a, s) => a + s.requests, 0);
  const overall = summarizeInterval(
    { startS: 0, predicted: { energyJ: perInterval.reduce((a, x) => a + x.predictedEnergyJ, 0) } },
    perInterval.reduce((a, x) => a + x.measuredEnergyJ, 0),
    all,
    slo,
  );
  const targets: Record<string, number> = Object.create(null);
  for (const s of slo) targets[s.key] = targetShare(s);
  return {
    intervals: perInterval,
    predictedEnergyJ: overall.predictedEnergyJ,
    measuredEnergyJ: overall.measuredEnergyJ,
    errorPct: overall.errorPct,
    attainment: overall.attainment,
    targets,
    sloAttained: slo.every((s) => (overall.attainment[s.key] ?? 0) >= targetShare(s)),
    predictedClocks: predictedClockCheck(intervals, perInterval),
  };
}
