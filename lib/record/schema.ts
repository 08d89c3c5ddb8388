/**
 * The run record, schema_version 1: the single source of truth for the interchange format used by
 * importers, the measurement harness, the REST API and exports. Documented in docs/run-record.md.
 *
 * Rules: every number is finite and non-negative unless stated; units are in the key name; a
 * missing value is absent (never 0). Unknown keys are kept in knobs (free-form) and in `extra`.
 */
import { z } from 'zod';
import { KNOBS, type KnobKey } from '@/lib/knobs/catalogue';
import { METRIC_KEYS } from '@/lib/metrics/keys';

export const SCHEMA_VERSION = 1 as const;

const nonNeg = z.number().finite().nonnegative();
const posInt = z.number().int().positive();

export const sourceSchema = z.object({
  kind: z.enum(['import', 'sweep', 'api', 'demo']),
  format: z.string().optional(),
  file_name: z.string().optional(),
  file_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  sweep_id: z.union([z.string(), z.number()]).optional(),
  point: z.number().int().nonnegative().optional(),
  /** Free-form attribution (repo, commit, url) for published data. */
  attribution: z.record(z.string(), z.string()).optional(),
});

export const modelSchema = z.object({
  id: z.string().min(1),
  params_b: nonNeg.optional(),
  active_params_b: nonNeg.optional(),
  precision: z.string().optional(),
});

export const hardwareSchema = z.object({
  gpu_model: z.string().min(1),
  gpu_count: posInt,
  gpu_memory_gb: nonNeg.optional(),
  host: z.string().optional(),
  simulated: z.boolean(),
});

export const engineSchema = z.object({
  name: z.string().min(1),
  version: z.string().optional(),
});

/** Catalogued knobs are typed (lib/knobs/catalogue.ts); any other knob is free-form (number, string or boolean). */
const knobValue = { 'positive-int': posInt, 'non-negative': nonNeg } as const;
const knobShape = Object.fromEntries(KNOBS.map((k) => [k.key, knobValue[k.value].optional()])) as Record<
  KnobKey,
  z.ZodOptional<z.ZodNumber>
>;
export const knobsSchema = z.object(knobShape).catchall(z.union([z.number().finite(), z.string(), z.boolean()]));

export const workloadSchema = z
  .object({
    dataset: z.string().optional(),
    num_requests: z.number().int().nonnegative().optional(),
    input_tokens_total: nonNeg.optional(),
    output_tokens_total: nonNeg.optional(),
    mean_input_len: nonNeg.optional(),
    mean_output_len: nonNeg.optional(),
  })
  .catchall(z.union([z.number().finite(), z.string(), z.boolean()]));

const metricShape = Object.fromEntries(METRIC_KEYS.map((k) => [k, nonNeg.optional()])) as Record<
  (typeof METRIC_KEYS)[number],
  z.ZodOptional<typeof nonNeg>
>;
export const metricsSchema = z.object(metricShape).strict();

export const energyProvenanceSchema = z.object({
  method: z.enum(['nvml_counter', 'power_integration', 'dcgm_counter', 'wall_meter', 'reported', 'simulated']),
  scope: z.enum(['gpu', 'gpu+cpu', 'cpu', 'system']),
  sample_hz: nonNeg.optional(),
  source: z.string().optional(),
  window: z.object({ start_s: nonNeg, end_s: nonNeg, steady_state: z.boolean() }).optional(),
  notes: z.string().optional(),
});

/** Power/clock trace: one series per device; t_s relative to the run start. */
export const traceSchema = z.object({
  devices: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      t_s: z.array(z.number().finite()),
      power_w: z.array(z.number().finite()),
      sm_clock_mhz: z.array(z.number().finite()).optional(),
    }),
  ),
});

/**
 * Per-request samples, column-oriented (compact, and how they are stored). start_s (seconds from
 * the first request) is absent when the source has no start times: missing, never zeros.
 */
export const requestsSchema = z.object({
  start_s: z.array(z.number().finite()).optional(),
  ttft_ms: z.array(z.number().finite().nullable()),
  e2e_ms: z.array(z.number().finite().nullable()),
  tpot_ms: z.array(z.number().finite().nullable()).optional(),
  input_tokens: z.array(z.number().finite().nullable()),
  output_tokens: z.array(z.number().finite().nullable()),
  success: z.array(z.boolean()),
});

export const runRecordSchema = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  id: z.union([z.string(), z.number().int()]).optional(),
  study_id: z.number().int().optional(),
  source: sourceSchema,
  label: z.string().min(1).max(300),
  created_at: z.string().datetime({ offset: true }),
  measured_at: z.string().optional(),
  model: modelSchema,
  hardware: hardwareSchema,
  engine: engineSchema,
  knobs: knobsSchema,
  workload: workloadSchema.default({}),
  metrics: metricsSchema,
  /** Which metrics were computed by the catalogue rather than given by the source. */
  derived: z.array(z.string()).optional(),
  energy_provenance: energyProvenanceSchema.optional(),
  stability: z.object({ stable: z.boolean(), reason: z.string().optional() }).optional(),
  trace: traceSchema.optional(),
  requests: requestsSchema.optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunRecordInput = z.input<typeof runRecordSchema>;
export type Knobs = z.infer<typeof knobsSchema>;
export type Metrics = z.infer<typeof metricsSchema>;
export type Trace = z.infer<typeof traceSchema>;
export type RequestSamples = z.infer<typeof requestsSchema>;

/** Formats zod issues as "key.path: reason" lines, for error messages that name the key. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues
    .slice(0, 5)
    .map((i) => `${prefix}${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
