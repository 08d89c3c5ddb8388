/** Number and unit formatting shared by the explorer's server text and client UI. */
import { METRIC_BY_KEY, convertEnergyPerToken, type EnergyUnit } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { PER_TOKEN_ENERGY } from './state';

export { fmtNum } from '@/lib/format';

export const ENERGY_UNIT_LABEL: Record<EnergyUnit, string> = {
  j: 'J/token',
  kwh_1m: 'kWh/1M tokens',
  gco2_1m: 'gCO2e/1M tokens',
  cost_1m: '$/1M tokens',
};

export interface DisplayUnit {
  unit: string;
  /** Multiply stored values by this to display them (all conversions are linear). */
  factor: number;
}

/** Display unit of a metric under the explorer's unit switch (energy-per-token axes only). */
export function displayUnit(key: MetricKey, unit: EnergyUnit, grid: number, price: number): DisplayUnit {
  const def = METRIC_BY_KEY.get(key);
  if (!PER_TOKEN_ENERGY.includes(key) || unit === 'j') return { unit: def?.unit ?? '', factor: 1 };
  return {
    unit: ENERGY_UNIT_LABEL[unit],
    factor: convertEnergyPerToken(1, unit, { gridGco2PerKwh: grid, pricePerKwh: price }),
  };
}

export function metricLabel(key: string): string {
  return METRIC_BY_KEY.get(key as MetricKey)?.label ?? key;
}
