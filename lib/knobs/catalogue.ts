/**
 * The knob catalogue: one entry per knob (a setting that was SET for a run, never a measured
 * value) with its label, unit, value rule, typed database column, how it is applied and, for the
 * knobs a sweep may vary, its grid bounds. Every other list of knobs (record schema, row mapper,
 * explorer, sweep grid, runs table, run page, import overrides) is derived from this one.
 * Client-safe: no imports.
 */

/** Where a knob takes effect: the GPU (nvidia-smi), the inference server's argv, or the load generator. */
export type KnobTarget = 'gpu' | 'server' | 'loadgen';

export interface KnobDef {
  key: string;
  label: string;
  /** Column header in tables. */
  short: string;
  /** '' when the value has no unit. */
  unit: string;
  definition: string;
  /** Record rule: a positive integer, or a finite non-negative number. */
  value: 'positive-int' | 'non-negative';
  /** runs-table column property (drizzle) when the knob has a typed column; absent: kept in extra_knobs. */
  column?: string;
  appliedTo: KnobTarget;
  /** Present when a sweep grid may vary the knob: the values it accepts. */
  sweep?: { int: boolean; min: number; max: number };
}

export const KNOBS = [
  {
    key: 'sm_clock_mhz',
    label: 'SM clock',
    short: 'SM clock',
    unit: 'MHz',
    value: 'non-negative',
    column: 'smClockMhz',
    appliedTo: 'gpu',
    definition: 'GPU streaming-multiprocessor clock locked for the run (nvidia-smi -lgc).',
    sweep: { int: true, min: 100, max: 5000 },
  },
  {
    key: 'power_limit_w',
    label: 'Power limit',
    short: 'power cap',
    unit: 'W',
    value: 'non-negative',
    column: 'powerLimitW',
    appliedTo: 'gpu',
    definition: 'GPU power cap set for the run (nvidia-smi -pl).',
    sweep: { int: true, min: 50, max: 2000 },
  },
  {
    key: 'tp',
    label: 'Tensor parallel',
    short: 'TP',
    unit: 'GPUs',
    value: 'positive-int',
    column: 'tp',
    appliedTo: 'server',
    definition: 'Tensor-parallel degree: GPUs each layer is split across.',
    sweep: { int: true, min: 1, max: 64 },
  },
  {
    key: 'pp',
    label: 'Pipeline parallel',
    short: 'PP',
    unit: 'stages',
    value: 'positive-int',
    column: 'pp',
    appliedTo: 'server',
    definition: 'Pipeline-parallel degree: stages the layers are split into.',
  },
  {
    key: 'dp',
    label: 'Data parallel',
    short: 'DP',
    unit: 'replicas',
    value: 'positive-int',
    appliedTo: 'server',
    definition: 'Data-parallel degree: model replicas serving requests.',
  },
  {
    key: 'ep',
    label: 'Expert parallel',
    short: 'EP',
    unit: 'GPUs',
    value: 'positive-int',
    appliedTo: 'server',
    definition: 'Expert-parallel degree: GPUs the experts of a mixture-of-experts layer are spread across.',
  },
  {
    key: 'max_num_seqs',
    label: 'max_num_seqs',
    short: 'max_num_seqs',
    unit: 'seqs',
    value: 'positive-int',
    column: 'maxNumSeqs',
    appliedTo: 'server',
    definition: 'Maximum number of sequences the engine batches together (vLLM max_num_seqs).',
    sweep: { int: true, min: 1, max: 65536 },
  },
  {
    key: 'max_concurrency',
    label: 'Max concurrency',
    short: 'concurrency',
    unit: 'requests',
    value: 'positive-int',
    column: 'maxConcurrency',
    appliedTo: 'loadgen',
    definition: 'Maximum requests the load generator keeps in flight.',
    sweep: { int: true, min: 1, max: 100000 },
  },
  {
    key: 'request_rate',
    label: 'Request rate',
    short: 'rate',
    unit: 'req/s',
    value: 'non-negative',
    column: 'requestRate',
    appliedTo: 'loadgen',
    definition: 'Offered request arrival rate of the load generator (absent = unlimited).',
    sweep: { int: false, min: 0.001, max: 1e6 },
  },
  {
    key: 'input_len',
    label: 'Input length',
    short: 'input len',
    unit: 'tokens',
    value: 'non-negative',
    column: 'inputLen',
    appliedTo: 'loadgen',
    definition: 'Configured input (prompt) length.',
    sweep: { int: true, min: 1, max: 1_000_000 },
  },
  {
    key: 'output_len',
    label: 'Output length',
    short: 'output len',
    unit: 'tokens',
    value: 'non-negative',
    column: 'outputLen',
    appliedTo: 'loadgen',
    definition: 'Configured output (generation) length.',
    sweep: { int: true, min: 1, max: 1_000_000 },
  },
] as const satisfies readonly KnobDef[];

type Entry = (typeof KNOBS)[number];
export type KnobKey = Entry['key'];
/** Knobs stored in a typed column of `runs` (filterable, sortable, plottable). */
export type ColumnKnob = Extract<Entry, { column: string }>['key'];
/** Knobs a sweep grid may vary. */
export type SweepKnob = Extract<Entry, { sweep: object }>['key'];

export const KNOB_KEYS: readonly KnobKey[] = KNOBS.map((k) => k.key);
export const KNOB_BY_KEY: ReadonlyMap<string, KnobDef> = new Map(KNOBS.map((k) => [k.key, k]));

export function isKnobKey(k: string): k is KnobKey {
  return KNOB_BY_KEY.has(k);
}

/** Column knobs in catalogue order (a tuple type so zod enums can be built from it). */
export const COLUMN_KNOBS = KNOBS.filter((k) => 'column' in k).map((k) => k.key) as [ColumnKnob, ...ColumnKnob[]];
export const SWEEP_KNOBS = KNOBS.filter((k) => 'sweep' in k).map((k) => k.key) as [SweepKnob, ...SweepKnob[]];

/** Knob key -> its typed column property. */
export const KNOB_COLUMNS = Object.fromEntries(KNOBS.flatMap((k) => ('column' in k ? [[k.key, k.column]] : []))) as {
  readonly [K in ColumnKnob]: Extract<Entry, { key: K }>['column'];
};

/** Units that only say what is counted: a form field reads plainly without them. */
const COUNT_UNITS = new Set(['GPUs', 'stages', 'replicas', 'seqs', 'requests', 'tokens']);

/** Form-field label: "SM clock (MHz)", but "Tensor parallel" (a count needs no unit); `short` for compact bars. */
export function knobFieldLabel(k: KnobDef, text: 'label' | 'short' = 'label'): string {
  return k.unit && !COUNT_UNITS.has(k.unit) ? `${k[text]} (${k.unit})` : k[text];
}
