/**
 * What POST /api/plans, the /plans/new form and `joulebench plan` ask for (zod; client-safe).
 * Defaults are filled in here and stored with the plan, so a plan always says what it assumed.
 */
import { z } from 'zod';

export const PLAN_BASELINES = ['max_clock_static', 'best_static'] as const;

export const planInputsSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    study: z.number().int().positive(),
    model: z.string().trim().min(1).max(300),
    gpu: z.string().trim().min(1).max(300).optional(),
    workload: z.string().trim().min(1).max(200),
    /** A slice of the workload (trace seconds). */
    startS: z.number().finite().nonnegative().optional(),
    durationS: z.number().finite().positive().optional(),
    slo: z.record(z.string(), z.number()),
    intervalS: z.number().finite().min(10).max(86_400),
    baseline: z.enum(PLAN_BASELINES).default('max_clock_static'),
    maxInstances: z.number().int().min(1).max(64).default(8),
    maxUtilisation: z.number().finite().min(0.1).max(1).default(0.8),
    idleWPerGpu: z.number().finite().nonnegative().max(2000).optional(),
    switchCost: z
      .object({
        timeS: z.number().finite().nonnegative().max(3600),
        energyJ: z.number().finite().nonnegative().max(1e9),
      })
      .strict()
      .default({ timeS: 120, energyJ: 30_000 }),
    allowCostly: z.boolean().default(true),
    /** Also plan at clocks fitted between measured ones (lib/planner/predicted.ts). */
    predictions: z.boolean().default(true),
    pricePerKwh: z.number().finite().nonnegative().max(100).default(0.1),
    gridGco2PerKwh: z.number().finite().nonnegative().max(5000).default(400),
    requestsPerDay: z.number().finite().positive().max(1e15).nullable().default(null),
  })
  .strict();

export type PlanInputs = z.infer<typeof planInputsSchema>;
export type PlanInputsIn = z.input<typeof planInputsSchema>;

/**
 * Typical idle power per GPU with the driver persistent (W), by GPU model: the planner's default
 * for an instance between requests. Not measured by the study; a plan may set its own.
 */
const TYPICAL_IDLE_W: Array<[RegExp, number]> = [
  [/H200/i, 75],
  [/H100/i, 70],
  [/A100/i, 55],
  [/B200/i, 140],
  [/L40S/i, 35],
];
export function typicalIdleW(gpu: string): number | null {
  for (const [re, w] of TYPICAL_IDLE_W) if (re.test(gpu)) return w;
  return null;
}
