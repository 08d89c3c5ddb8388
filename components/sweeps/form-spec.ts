/**
 * The sweep form's fields <-> the sweep definition POSTed to /api/sweeps (pure, client-safe; the
 * server validates it again with lib/sweeps/spec.ts). Unit-tested in tests/sweeps/form-spec.test.ts.
 *
 * Each knob is set in one place: the load generator's knobs (concurrency or rate, input and
 * output length) in the Workload section, where one value is the workload and a list is swept
 * (grid max_concurrency / request_rate / input_len / output_len); the GPU and server knobs in the
 * knob grid. A new field: add it to SweepFields, fieldsFromSpec and specFromFields.
 */
import { KNOB_BY_KEY } from '@/lib/knobs/catalogue';
import { GRID_KNOBS, GRID_KNOB_NAMES, type GridKnob } from '@/lib/sweeps/knobs';

export type ServerKind = 'sim' | 'vllm' | 'sglang' | 'custom' | 'endpoint';

/** What the form holds: text as typed, so a half-typed number is not lost. */
export interface SweepFields {
  name: string;
  study: string;
  simulated: boolean;
  model: string;
  gpu: string;
  serverKind: ServerKind;
  endpoint: string;
  customArgv: string;
  extraArgs: string;
  loadMode: 'concurrency' | 'rate';
  /** One value, or a list to sweep (max_concurrency / request_rate in the grid). */
  loadValue: string;
  requests: string;
  /** One value, or a list to sweep. */
  inputLen: string;
  outputLen: string;
  /** The knob grid's GPU and server knobs (GRID_SECTION_KNOBS); load knobs live in the fields above. */
  grid: Record<GridKnob, string>;
  reps: string;
  /** Adaptive repetitions: target 95% half-width of J/output token in % (empty = off), max runs. */
  adaptiveTarget?: string;
  adaptiveMax?: string;
  timeScale: string;
  executor: 'local' | 'slurm';
  partition: string;
  account: string;
  gpusPerPoint: string;
  timeLimit: string;
}

/** Knobs of the knob-grid section: the GPU and server ones (the load generator's are in Workload). */
export const GRID_SECTION_KNOBS: readonly GridKnob[] = GRID_KNOB_NAMES.filter(
  (k) => KNOB_BY_KEY.get(k)?.appliedTo !== 'loadgen',
);

/** Parses "1410, 1980" into numbers; returns null for empty, or an error string. */
export function parseList(txt: string): number[] | null | string {
  const parts = txt.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) return null;
  const nums = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(nums[i]));
  return bad !== undefined ? `"${bad}" is not a number` : nums;
}

/** The grid knob that sweeps each load mode. */
const LOAD_KNOB = { concurrency: 'max_concurrency', rate: 'request_rate' } as const satisfies Record<
  SweepFields['loadMode'],
  GridKnob
>;

const lines = (text: string) =>
  text
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

function serverOf(f: SweepFields): Record<string, unknown> {
  if (f.serverKind === 'sim') return { kind: 'sim' };
  if (f.serverKind === 'endpoint') return { kind: 'endpoint', url: f.endpoint };
  if (f.serverKind === 'custom') return { kind: 'custom', argv: lines(f.customArgv) };
  return { kind: f.serverKind, ...(lines(f.extraArgs).length ? { extra_args: lines(f.extraArgs) } : {}) };
}

/** The sweep definition, or the first field error ("SM clock (MHz): "x" is not a number"). */
export function specFromFields(
  f: SweepFields,
  studies: readonly { id: number; name: string }[],
): { spec?: Record<string, unknown>; error?: string } {
  const grid: Record<string, number[]> = {};
  for (const k of GRID_SECTION_KNOBS) {
    const values = parseList(f.grid[k]);
    if (typeof values === 'string') return { error: `${GRID_KNOBS[k].label}: ${values}` };
    if (values) grid[k] = values;
  }
  // Workload fields: one value sets the workload; several are swept by their grid knob.
  const workload: Record<string, number> = { requests: Number(f.requests) };
  const loads: [string, string, string, GridKnob][] = [
    [f.loadMode === 'rate' ? 'Request rate' : 'Concurrency', f.loadValue, f.loadMode, LOAD_KNOB[f.loadMode]],
    ['Input length', f.inputLen, 'input_len', 'input_len'],
    ['Output length', f.outputLen, 'output_len', 'output_len'],
  ];
  for (const [label, text, key, knob] of loads) {
    const values = parseList(text);
    if (values === null) return { error: `${label}: give a value` };
    if (typeof values === 'string') return { error: `${label}: ${values}` };
    if (values.length > 1) grid[knob] = values;
    // input/output length are required in the workload; a swept one starts from its first value.
    if (values.length === 1 || key === 'input_len' || key === 'output_len') workload[key] = values[0];
  }
  const spec: Record<string, unknown> = {
    name: f.name,
    executor: f.executor,
    simulated: f.simulated,
    model: f.model,
    gpu: f.gpu,
    server: serverOf(f),
    workload,
    grid,
    repetitions: Number(f.reps),
  };
  if (f.adaptiveTarget?.trim())
    spec.adaptive = { target_pct: Number(f.adaptiveTarget), max_repetitions: Number(f.adaptiveMax || 10) };
  const study = f.study.trim();
  if (study) spec.study = studies.find((x) => x.name === study)?.id ?? study;
  if (f.simulated) spec.time_scale = Number(f.timeScale);
  if (f.executor === 'slurm')
    spec.slurm = {
      gpus_per_point: Number(f.gpusPerPoint),
      time_limit: f.timeLimit,
      ...(f.partition ? { partition: f.partition } : {}),
      ...(f.account ? { account: f.account } : {}),
    };
  return { spec };
}

/**
 * The default simulated time scale: real time. At 4x (the old default) the simulated device fell
 * behind real time on a busy host and most points of the default sweep were flagged unstable
 * (measured: 2 of 2 points at 4x, 0 of 2 at 1x, same host and sweep); a faster clock is a choice.
 */
export const DEFAULT_TIME_SCALE = 1;

const DEFAULT_ARGV = [
  'vllm',
  'serve',
  '{model}',
  '--port',
  '{port}',
  '--tensor-parallel-size',
  '{tp}',
  '--max-num-seqs',
  '{max_num_seqs}',
];

/* eslint-disable @typescript-eslint/no-explicit-any -- a stored spec is checked by the server; here it only fills a form */
/** The form's fields for a new sweep, or from a stored definition ("re-run this sweep"). */
export function fieldsFromSpec(
  s0: Record<string, any> | undefined,
  studies: readonly { id: number; name: string }[],
): SweepFields {
  const s = s0 ?? {};
  const g = s.grid ?? {};
  const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : '');
  const rate = s.workload?.rate !== undefined || g.request_rate !== undefined;
  const grid = Object.fromEntries(GRID_KNOB_NAMES.map((k) => [k, list(g[k])])) as Record<GridKnob, string>;
  if (!s0) {
    grid.sm_clock_mhz = '1410, 1980';
    grid.max_num_seqs = '64, 256';
  }
  const one = (key: string, knob: string, dflt: number) =>
    g[knob] ? list(g[knob]) : String(s.workload?.[key] ?? dflt);
  return {
    name: s.name ? `${s.name} (re-run)` : 'My sweep',
    study: typeof s.study === 'number' ? (studies.find((x) => x.id === s.study)?.name ?? '') : (s.study ?? ''),
    simulated: s.simulated ?? true,
    model: s.model ?? 'meta-llama/Llama-3.1-8B-Instruct',
    gpu: s.gpu ?? 'H100',
    serverKind: s.server?.kind ?? 'sim',
    endpoint: s.server?.url ?? 'http://127.0.0.1:8000',
    customArgv: (s.server?.argv ?? DEFAULT_ARGV).join('\n'),
    extraArgs: (s.server?.extra_args ?? []).join('\n'),
    loadMode: rate ? 'rate' : 'concurrency',
    loadValue: rate ? one('rate', 'request_rate', 1) : one('concurrency', 'max_concurrency', 8),
    requests: String(s.workload?.requests ?? 32),
    inputLen: one('input_len', 'input_len', 512),
    outputLen: one('output_len', 'output_len', 128),
    grid,
    reps: String(s.repetitions ?? 1),
    adaptiveTarget: s.adaptive ? String(s.adaptive.target_pct) : '',
    adaptiveMax: String(s.adaptive?.max_repetitions ?? 10),
    timeScale: String(s.time_scale ?? DEFAULT_TIME_SCALE),
    executor: s.executor ?? 'local',
    partition: s.slurm?.partition ?? '',
    account: s.slurm?.account ?? '',
    gpusPerPoint: String(s.slurm?.gpus_per_point ?? 1),
    timeLimit: s.slurm?.time_limit ?? '30',
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
