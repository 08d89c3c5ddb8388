/**
 * Business-unit inputs stored with a report (migration 0007, `reports.inputs`): the traffic the
 * configuration would serve, the electricity price, the grid's carbon intensity and whether the
 * figures are GPU energy only or GPU energy × PUE. Client-safe (zod only).
 */
import { z } from 'zod';

export const TRAFFIC_UNITS = ['output_tokens', 'tokens', 'requests'] as const;
export const TRAFFIC_PERIODS = ['day', 'month'] as const;

export const reportInputsSchema = z
  .object({
    /** Volume served; null = not given (the page then shows figures per 1M tokens only). */
    traffic: z
      .object({
        amount: z.number().finite().positive().max(1e18),
        unit: z.enum(TRAFFIC_UNITS),
        per: z.enum(TRAFFIC_PERIODS),
      })
      .strict()
      .nullable(),
    /** Electricity price, $ per kWh. */
    pricePerKwh: z.number().finite().nonnegative().max(100),
    /** Grid carbon intensity, gCO2e per kWh. */
    gridGco2PerKwh: z.number().finite().nonnegative().max(5000),
    /** gpu: GPU energy as measured; facility: GPU energy × PUE (cooling, power delivery). */
    scope: z.enum(['gpu', 'facility']),
    /** Power usage effectiveness, used only when scope is facility. */
    pue: z.number().finite().min(1).max(5),
  })
  .strict();

export type ReportInputs = z.infer<typeof reportInputsSchema>;

/** What a report without stored inputs shows: the view's price and grid, GPU energy only, no traffic. */
export function defaultInputs(view: { price: number; grid: number }): ReportInputs {
  return { traffic: null, pricePerKwh: view.price, gridGco2PerKwh: view.grid, scope: 'gpu', pue: 1.2 };
}

/** Stored inputs, or the defaults when none (or an unreadable value) is stored. */
export function readInputs(
  stored: unknown,
  view: { price: number; grid: number },
): { inputs: ReportInputs; stored: boolean } {
  const r = reportInputsSchema.safeParse(stored);
  return r.success ? { inputs: r.data, stored: true } : { inputs: defaultInputs(view), stored: false };
}

export const TRAFFIC_UNIT_WORDS: Record<(typeof TRAFFIC_UNITS)[number], string> = {
  output_tokens: 'output tokens',
  tokens: 'tokens (input + output)',
  requests: 'requests',
};
