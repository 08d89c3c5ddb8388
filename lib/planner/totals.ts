/**
 * Totals of a schedule: kWh over the trace, and per day / month / year when the trace's rate is
 * served around the clock, or scaled to a user-set volume. Scaling to a volume keeps the
 * schedule's energy per request (a stated approximation: idle power does not shrink with volume).
 * Period lengths are the reports' (lib/reports/business.ts).
 */
import { DAYS_PER_MONTH, DAYS_PER_YEAR, J_PER_KWH } from '@/lib/reports/business';
import type { PeriodTotals } from './types';

export type Money = { pricePerKwh: number; gridGco2PerKwh: number; requestsPerDay?: number | null };

export const kwh = (j: number) => j / J_PER_KWH;

export function period(kwhPerDay: number, days: number, m: Money): PeriodTotals {
  const k = kwhPerDay * days;
  return { kwh: k, cost: k * m.pricePerKwh, tco2e: (k * m.gridGco2PerKwh) / 1e6 };
}

export function projections(energyJ: number, durationS: number, m: Money) {
  const perDayKwh = kwh(energyJ) * (86400 / durationS);
  return {
    perDay: period(perDayKwh, 1, m),
    perMonth: period(perDayKwh, DAYS_PER_MONTH, m),
    perYear: period(perDayKwh, DAYS_PER_YEAR, m),
  };
}

export function atVolume(energyJ: number, requests: number, m: Money) {
  if (!m.requestsPerDay || requests <= 0) return null;
  const perDayKwh = (kwh(energyJ) / requests) * m.requestsPerDay;
  return {
    requestsPerDay: m.requestsPerDay,
    perDay: period(perDayKwh, 1, m),
    perMonth: period(perDayKwh, DAYS_PER_MONTH, m),
    perYear: period(perDayKwh, DAYS_PER_YEAR, m),
  };
}

export const savingsPct = (planJ: number, baseJ: number) => (baseJ > 0 ? (100 * (baseJ - planJ)) / baseJ : 0);
