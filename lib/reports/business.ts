/**
 * Business units of a report: the energy per token (or request) that each run measured, scaled by
 * the traffic the report's inputs give, into kWh, energy cost and tCO2e per month and per year.
 * Pure and client-safe, so the page can recompute it as a reader tries other inputs. The per-unit
 * energy comes from the runs' catalogue metrics; nothing here re-derives a run metric.
 */
import type { ReportInputs } from './inputs';

export const J_PER_KWH = 3.6e6;
export const DAYS_PER_YEAR = 365;
/** A month is a twelfth of a 365-day year (30.42 days), so 12 months = 1 year exactly. */
export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

/** Energy one run spends per unit of traffic, in joules (GPU energy as measured). */
export interface UnitEnergy {
  output_tokens?: number;
  tokens?: number;
  requests?: number;
}

export interface PeriodFigures {
  kwh: number;
  cost: number;
  tco2e: number;
}

export interface Projection {
  perMonth: PeriodFigures;
  perYear: PeriodFigures;
  /** Joules per traffic unit used (null: the run does not record that unit). */
  joulesPerUnit: number;
  /** Traffic units per day. */
  unitsPerDay: number;
  /** 1, or the PUE when the scope is facility. */
  overhead: number;
}

export function unitsPerDay(traffic: NonNullable<ReportInputs['traffic']>): number {
  return traffic.per === 'day' ? traffic.amount : traffic.amount / DAYS_PER_MONTH;
}

function period(kwhPerDay: number, days: number, inputs: ReportInputs): PeriodFigures {
  const kwh = kwhPerDay * days;
  return { kwh, cost: kwh * inputs.pricePerKwh, tco2e: (kwh * inputs.gridGco2PerKwh) / 1e6 };
}

/** kWh, cost and tCO2e per month and year of serving the inputs' traffic with one run's energy; null without traffic or without the unit. */
export function project(energy: UnitEnergy, inputs: ReportInputs): Projection | null {
  if (!inputs.traffic) return null;
  const j = energy[inputs.traffic.unit];
  if (j === undefined || !Number.isFinite(j) || j < 0) return null;
  const overhead = inputs.scope === 'facility' ? inputs.pue : 1;
  const perDay = unitsPerDay(inputs.traffic);
  const kwhPerDay = (j * perDay * overhead) / J_PER_KWH;
  return {
    perMonth: period(kwhPerDay, DAYS_PER_MONTH, inputs),
    perYear: period(kwhPerDay, DAYS_PER_YEAR, inputs),
    joulesPerUnit: j,
    unitsPerDay: perDay,
    overhead,
  };
}

/** Baseline minus recommended (positive = the recommendation saves). */
export function difference(rec: PeriodFigures, base: PeriodFigures): PeriodFigures {
  return { kwh: base.kwh - rec.kwh, cost: base.cost - rec.cost, tco2e: base.tco2e - rec.tco2e };
}
