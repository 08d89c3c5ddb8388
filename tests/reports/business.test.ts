/** Business units of a report: kWh, cost and tCO2e per month / year, checked against hand-computed values. */
import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH, difference, project, unitsPerDay } from '@/lib/reports/business';
import { defaultInputs, readInputs, reportInputsSchema, type ReportInputs } from '@/lib/reports/inputs';

const base: ReportInputs = {
  traffic: { amount: 1e9, unit: 'output_tokens', per: 'day' },
  pricePerKwh: 0.1,
  gridGco2PerKwh: 400,
  scope: 'gpu',
  pue: 1.3,
};

describe('project', () => {
  it('1e9 output tokens/day at 0.36 J/token: 100 kWh/day, 36,500 kWh/year, $3,650, 14.6 tCO2e', () => {
    const p = project({ output_tokens: 0.36 }, base)!;
    // 0.36 J × 1e9 = 3.6e8 J = 100 kWh per day.
    expect(p.perYear.kwh).toBeCloseTo(36_500, 6);
    expect(p.perYear.cost).toBeCloseTo(3_650, 6);
    expect(p.perYear.tco2e).toBeCloseTo(14.6, 9);
    expect(p.perMonth.kwh).toBeCloseTo(100 * (365 / 12), 6);
    expect(p.perMonth.kwh * 12).toBeCloseTo(p.perYear.kwh, 6);
    expect(p.overhead).toBe(1);
  });

  it('facility scope multiplies by the PUE; GPU scope ignores it', () => {
    const gpu = project({ output_tokens: 0.36 }, base)!;
    const fac = project({ output_tokens: 0.36 }, { ...base, scope: 'facility' })!;
    expect(fac.perYear.kwh / gpu.perYear.kwh).toBeCloseTo(1.3, 12);
    expect(fac.perYear.tco2e / gpu.perYear.tco2e).toBeCloseTo(1.3, 12);
  });

  it('traffic per month is spread over 365/12 days', () => {
    expect(unitsPerDay({ amount: 365, unit: 'requests', per: 'month' })).toBeCloseTo(12, 12);
    expect(DAYS_PER_MONTH).toBeCloseTo(30.4167, 4);
    const perMonth = project(
      { requests: 3600 },
      { ...base, traffic: { amount: 3000, unit: 'requests', per: 'month' } },
    )!;
    // 3000 requests × 3600 J = 1.08e7 J = 3 kWh per month.
    expect(perMonth.perMonth.kwh).toBeCloseTo(3, 9);
    expect(perMonth.perYear.kwh).toBeCloseTo(36, 9);
  });

  it('uses the unit the traffic is given in, and says null when the run lacks it', () => {
    const e = { output_tokens: 1, tokens: 0.25, requests: 500 };
    const t = project(e, { ...base, traffic: { amount: 1e6, unit: 'tokens', per: 'day' } })!;
    expect(t.joulesPerUnit).toBe(0.25);
    expect(project({ output_tokens: 1 }, { ...base, traffic: { amount: 1, unit: 'requests', per: 'day' } })).toBeNull();
    expect(project(e, { ...base, traffic: null })).toBeNull();
  });

  it('difference is baseline minus recommended (positive = saved)', () => {
    const rec = project({ output_tokens: 0.27 }, base)!;
    const bl = project({ output_tokens: 0.36 }, base)!;
    const d = difference(rec.perYear, bl.perYear);
    expect(d.kwh).toBeCloseTo(36_500 * 0.25, 6);
    expect(d.cost).toBeCloseTo(912.5, 6);
    expect(d.tco2e).toBeCloseTo(3.65, 9);
  });
});

describe('inputs', () => {
  it('validates: no negative price, PUE at least 1, no unknown keys', () => {
    expect(reportInputsSchema.safeParse(base).success).toBe(true);
    expect(reportInputsSchema.safeParse({ ...base, pricePerKwh: -1 }).success).toBe(false);
    expect(reportInputsSchema.safeParse({ ...base, pue: 0.9 }).success).toBe(false);
    expect(reportInputsSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(
      reportInputsSchema.safeParse({ ...base, traffic: { amount: 0, unit: 'requests', per: 'day' } }).success,
    ).toBe(false);
  });
  it('a report without stored inputs takes the view price and grid, GPU only, no traffic', () => {
    expect(readInputs(null, { price: 0.2, grid: 50 })).toEqual({
      inputs: defaultInputs({ price: 0.2, grid: 50 }),
      stored: false,
    });
    expect(readInputs(null, { price: 0.2, grid: 50 }).inputs).toMatchObject({
      traffic: null,
      pricePerKwh: 0.2,
      gridGco2PerKwh: 50,
      scope: 'gpu',
    });
    expect(readInputs(base, { price: 0.2, grid: 50 })).toEqual({ inputs: base, stored: true });
  });
});
