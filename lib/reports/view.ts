/**
 * Report view input: either the explorer's URL query (what the "Create report" button sends) or
 * the documented object {x, y, filters?, slo?, ...}, or both (object fields override the query).
 * Normalised into the explorer's ViewState.
 */
import { z } from 'zod';
import { EXPLORE_KNOBS } from '@/lib/explore/knobs';
import { parseViewState, ViewStateError, type ViewState } from '@/lib/explore/state';
import { METRIC_KEYS } from '@/lib/metrics/keys';
import { ValidationError } from '@/lib/errors';

const metric = z.enum(METRIC_KEYS);
const range = z.object({ min: z.number().finite().optional(), max: z.number().finite().optional() }).strict();

export const viewInputSchema = z
  .object({
    x: metric.optional(),
    y: metric.optional(),
    filters: z
      .object({
        study: z
          .union([z.literal('all'), z.number().int().positive()])
          .nullable()
          .optional(),
        model: z.array(z.string()).optional(),
        gpu: z.array(z.string()).optional(),
        engine: z.array(z.string()).optional(),
        sim: z.enum(['real', 'sim']).nullable().optional(),
        knobs: z.partialRecord(z.enum(EXPLORE_KNOBS), range).optional(),
      })
      .strict()
      .optional(),
    slo: z.partialRecord(metric, z.number().finite().nonnegative()).optional(),
    baseline: z.union([z.enum(['max_throughput', 'max_clock', 'none']), z.string().regex(/^run:\d+$/)]).optional(),
    unit: z.enum(['j', 'kwh_1m', 'gco2_1m', 'cost_1m']).optional(),
    grid: z.number().finite().nonnegative().optional(),
    price: z.number().finite().nonnegative().optional(),
    objective: metric.optional(),
  })
  .strict();

export type ViewInput = z.infer<typeof viewInputSchema>;

export function toViewState(query: string | undefined, view: ViewInput | undefined): ViewState {
  let st: ViewState;
  try {
    st = parseViewState(new URLSearchParams(query ?? ''), { strict: true }).state;
  } catch (e) {
    if (e instanceof ViewStateError) throw new ValidationError(`query: ${e.message}`);
    throw e;
  }
  if (!view) return st;
  const f = view.filters ?? {};
  return {
    ...st,
    ...(view.x && { x: view.x }),
    ...(view.y && { y: view.y }),
    ...(f.study !== undefined && { study: f.study }),
    ...(f.model && { model: f.model }),
    ...(f.gpu && { gpu: f.gpu }),
    ...(f.engine && { engine: f.engine }),
    ...(f.sim !== undefined && { sim: f.sim }),
    ...(f.knobs && { knobs: f.knobs }),
    ...(view.slo && { slo: view.slo }),
    ...(view.baseline && { baseline: view.baseline as ViewState['baseline'] }),
    ...(view.unit && { unit: view.unit }),
    ...(view.grid !== undefined && { grid: view.grid }),
    ...(view.price !== undefined && { price: view.price }),
    ...(view.objective && { objective: view.objective }),
  };
}
