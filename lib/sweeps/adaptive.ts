/**
 * Adaptive repetitions: repeat a sweep point until the 95% interval of its energy per output
 * token is narrow enough (half-width below `targetRel` of the mean, e.g. 2%) or `maxRuns` is
 * reached. A pure decision over the runs measured so far, so the sweep worker can ask it after
 * each run of a point. At least `minRuns` (>= 2) runs are always made: one run has no estimate of
 * noise.
 */
import { tInterval } from '@/lib/stats/describe';

export interface AdaptivePolicy {
  /** Target 95% half-width relative to the mean (0.02 = 2%). */
  targetRel: number;
  minRuns: number;
  maxRuns: number;
}

export const DEFAULT_ADAPTIVE: AdaptivePolicy = { targetRel: 0.02, minRuns: 3, maxRuns: 10 };

export type AdaptiveDecision =
  | { action: 'repeat'; reason: string; halfWidthRel: number | null }
  | { action: 'stop'; reason: 'target-met' | 'max-runs' | 'no-metric'; halfWidthRel: number | null };

export function checkPolicy(p: AdaptivePolicy): string | null {
  if (!(p.targetRel > 0 && p.targetRel < 1)) return 'targetRel must be between 0 and 1 (e.g. 0.02 for 2%)';
  if (!Number.isInteger(p.minRuns) || p.minRuns < 2)
    return 'minRuns must be an integer >= 2 (one run has no estimate of noise)';
  if (!Number.isInteger(p.maxRuns) || p.maxRuns < p.minRuns || p.maxRuns > 50)
    return 'maxRuns must be an integer between minRuns and 50';
  return null;
}

/** Relative 95% half-width of the mean of `values` (null below two values or a zero mean). */
export function halfWidthRel(values: readonly number[]): number | null {
  const ci = tInterval(values);
  if (!ci) return null;
  const m = (ci[0] + ci[1]) / 2;
  return m !== 0 ? (ci[1] - ci[0]) / 2 / Math.abs(m) : null;
}

/**
 * Decide after a run of the point: `energyPerOutputToken` are the values of the runs made so far
 * (runs that failed to measure energy are left out by the caller and still count in `runsMade`).
 */
export function nextStep(
  energyPerOutputToken: readonly number[],
  runsMade: number,
  p: AdaptivePolicy = DEFAULT_ADAPTIVE,
): AdaptiveDecision {
  const problem = checkPolicy(p);
  if (problem) throw new RangeError(`adaptive policy: ${problem}`);
  const v = energyPerOutputToken.filter(Number.isFinite);
  const hw = halfWidthRel(v);
  if (runsMade >= p.maxRuns) return { action: 'stop', reason: 'max-runs', halfWidthRel: hw };
  if (runsMade < p.minRuns)
    return { action: 'repeat', reason: `${runsMade} of at least ${p.minRuns} runs`, halfWidthRel: hw };
  if (!v.length && runsMade >= p.minRuns) return { action: 'stop', reason: 'no-metric', halfWidthRel: null };
  if (hw !== null && hw < p.targetRel) return { action: 'stop', reason: 'target-met', halfWidthRel: hw };
  return {
    action: 'repeat',
    reason:
      hw === null
        ? 'not enough energy values for an interval'
        : `95% half-width ${(hw * 100).toFixed(1)}% >= target ${(p.targetRel * 100).toFixed(1)}%`,
    halfWidthRel: hw,
  };
}

/** The policy of a sweep spec's `adaptive` block (null: a fixed number of repetitions). */
export function policyOfSpec(spec: {
  repetitions?: number;
  adaptive?: { target_pct: number; max_repetitions: number };
}): AdaptivePolicy | null {
  if (!spec.adaptive) return null;
  const minRuns = Math.max(2, spec.repetitions ?? 1);
  return {
    targetRel: spec.adaptive.target_pct / 100,
    minRuns,
    maxRuns: Math.max(minRuns, spec.adaptive.max_repetitions),
  };
}
