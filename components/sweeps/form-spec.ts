/**
 * The sweep form's fields -> the sweep definition POSTed to /api/sweeps (pure, client-safe; the
 * server validates it again with lib/sweeps/spec.ts). Unit-tested in tests/sweeps/form-spec.test.ts.
 */
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
  loadValue: string;
  requests: string;
  inputLen: string;
  outputLen: string;
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

/** Parses "1410, 1980" into numbers; returns null for empty, or an error string. */
export function parseList(txt: string): number[] | null | string {
  const parts = txt.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) return null;
  const nums = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(nums[i]));
  return bad !== undefined ? `"${bad}" is not a number` : nums;
}

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
  for (const k of GRID_KNOB_NAMES) {
    const values = parseList(f.grid[k]);
    if (typeof values === 'string') return { error: `${GRID_KNOBS[k].label}: ${values}` };
    if (values) grid[k] = values;
  }
  const spec: Record<string, unknown> = {
    name: f.name,
    executor: f.executor,
    simulated: f.simulated,
    model: f.model,
    gpu: f.gpu,
    server: serverOf(f),
    workload: {
      requests: Number(f.requests),
      [f.loadMode]: Number(f.loadValue),
      input_len: Number(f.inputLen),
      output_len: Number(f.outputLen),
    },
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
