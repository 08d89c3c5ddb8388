/**
 * Fits per configuration family: the runs that share model, GPU, engine and every knob except the
 * variables being fitted over. E(in, out) and request latency are fitted over input/output length
 * (the dataset varies with them); power and throughput over the SM clock.
 */
import { groupFamilies, type Family, type RunForConfig } from '@/lib/configs';
import type { MetricKey } from '@/lib/metrics/keys';
import { fitBilinear, type BilinearFit } from './bilinear';
import { fitPowerLaw, type PowerLawFit } from './power-law';
import type { FitRefusal } from './types';

export const FIT_TARGETS = {
  energy_per_request_j: 'io',
  e2e_ms_mean: 'io',
  avg_power_w: 'clock',
  output_throughput_tps: 'clock',
} as const satisfies Partial<Record<MetricKey, 'io' | 'clock'>>;
export type FitTarget = keyof typeof FIT_TARGETS;

export function isFitTarget(t: string): t is FitTarget {
  return Object.prototype.hasOwnProperty.call(FIT_TARGETS, t);
}

export type AnyFit = BilinearFit | PowerLawFit;
export interface FamilyFit {
  family: Omit<Family, 'runs' | 'key'>;
  runIds: number[];
  fit: AnyFit | FitRefusal;
}

const IO_VARY = { knobs: ['input_len', 'output_len'], dataset: true } as const;
const CLOCK_VARY = { knobs: ['sm_clock_mhz'], dataset: false } as const;

function fitOne(f: Family, target: FitTarget): AnyFit | FitRefusal {
  if (FIT_TARGETS[target] === 'io') {
    return fitBilinear(
      f.runs.flatMap((r) => {
        const y = r.metrics[target];
        return r.inLen !== null && r.outLen !== null && typeof y === 'number'
          ? [{ id: r.id, in: r.inLen, out: r.outLen, y }]
          : [];
      }),
    );
  }
  return fitPowerLaw(
    f.runs.flatMap((r) => {
      const fr = r.knobs.sm_clock_mhz;
      const y = r.metrics[target];
      return typeof fr === 'number' && typeof y === 'number' ? [{ id: r.id, f: fr, y }] : [];
    }),
  );
}

/** One fit (or refusal) per family, largest family first. */
export function fitFamilies(runs: readonly RunForConfig[], target: FitTarget): FamilyFit[] {
  const fams = groupFamilies(runs, FIT_TARGETS[target] === 'io' ? IO_VARY : CLOCK_VARY);
  return fams
    .map(({ runs: fr, key: _k, ...family }) => ({
      family,
      runIds: fr.map((r) => r.id),
      fit: fitOne({ ...family, key: _k, runs: fr }, target),
    }))
    .sort((a, b) => b.runIds.length - a.runIds.length);
}

/** The fit as the API returns it: without the solver's internals. */
export function fitJson(fit: AnyFit | FitRefusal) {
  if (!fit.ok) return fit;
  const { linear: _l, ...rest } = fit;
  return rest;
}
