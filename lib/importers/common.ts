/**
 * Shared helpers for importers: strict number reading (naming the key on failure), unit
 * conversion, record construction and final validation through the run record schema.
 */
import { deriveMetrics } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { formatIssues, runRecordSchema, type RunRecord } from '@/lib/record/schema';
import { ImportError, type ParseContext } from './types';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Sentinels used by the JSON reader for Python's NaN/Infinity literals. */
export const PY_NAN = '__py_NaN__';
export const PY_INF = '__py_Infinity__';
export const PY_NINF = '__py_-Infinity__';

/** True for "inf", "Infinity", Python's Infinity literal, or a JS Infinity. */
export function isInfinite(v: unknown): boolean {
  if (v === Infinity || v === PY_INF) return true;
  return typeof v === 'string' && /^\+?(inf|infinity)$/i.test(v.trim());
}

/**
 * Reads a non-negative finite number. Accepts numeric strings (llmperf writes some numbers as
 * strings). null/undefined/"" -> undefined. Anything else (NaN, negative, wrong type) throws an
 * ImportError naming the key.
 */
export function num(file: string, key: string, v: unknown, opts: { allowNegative?: boolean } = {}): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) n = Number(v);
  else if (v === PY_NAN || (typeof v === 'string' && /^nan$/i.test(v)))
    throw new ImportError(file, key, 'value is NaN');
  else if (isInfinite(v) || v === PY_NINF) throw new ImportError(file, key, 'value is infinite');
  else throw new ImportError(file, key, `expected a number, got ${describe(v)}`);
  if (!Number.isFinite(n)) throw new ImportError(file, key, `expected a finite number, got ${String(v)}`);
  if (n < 0 && !opts.allowNegative) throw new ImportError(file, key, `negative value ${n} is not allowed`);
  return n;
}

/** Like num but requires the value to be present. */
export function reqNum(file: string, key: string, v: unknown): number {
  const n = num(file, key, v);
  if (n === undefined) throw new ImportError(file, key, 'required value is missing');
  return n;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Positive integer or undefined (for tp/pp/gpu counts given as numbers or strings). */
export function posInt(file: string, key: string, v: unknown): number | undefined {
  const n = num(file, key, v);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n <= 0) throw new ImportError(file, key, `expected a positive integer, got ${n}`);
  return n;
}

const TIME_TO_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, sec: 1000, seconds: 1000 };
/** Converts a latency in `unit` to ms; undefined when the unit is not a time unit. */
export function toMs(v: number | undefined, unit: string): number | undefined {
  if (v === undefined) return undefined;
  const f = TIME_TO_MS[unit.trim().toLowerCase()];
  return f === undefined ? undefined : v * f;
}
export const isTimeUnit = (unit: string) => TIME_TO_MS[unit.trim().toLowerCase()] !== undefined;

const ENERGY_TO_J: Record<string, number> = { j: 1, kj: 1e3, mj: 1e6, wh: 3600, kwh: 3.6e6, mwh: 3.6e9 };
export function toJ(v: number | undefined, unit: string): number | undefined {
  if (v === undefined) return undefined;
  const f = ENERGY_TO_J[unit.trim().toLowerCase()];
  return f === undefined ? undefined : v * f;
}
const POWER_TO_W: Record<string, number> = { w: 1, kw: 1e3, mw: 1e-3 };
export function toW(v: number | undefined, unit: string): number | undefined {
  if (v === undefined) return undefined;
  const f = POWER_TO_W[unit.trim().toLowerCase()];
  return f === undefined ? undefined : v * f;
}

/** numpy.percentile with linear interpolation (what the benchmark tools use). */
export { percentile } from '@/lib/stats';
import { percentile } from '@/lib/stats';

/** mean/p50/p90/p95/p99 of a list into `<family>_ms_<p>` metric keys. */
export function summarise(
  values: number[],
  family: 'ttft' | 'tpot' | 'itl' | 'e2e',
): Partial<Record<MetricKey, number>> {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return {};
  const out: Partial<Record<MetricKey, number>> = {};
  out[`${family}_ms_mean` as MetricKey] = v.reduce((a, b) => a + b, 0) / v.length;
  for (const p of [50, 90, 95, 99] as const) out[`${family}_ms_p${p}` as MetricKey] = percentile(v, p);
  return out;
}

/** Best-effort model id -> short name for labels. */
export const shortModel = (id: string) => id.split('/').pop() ?? id;

/** Hints some harnesses put in file names (e.g. "..._tp8_..."); used only when content lacks them. */
export function hintsFromName(name: string): { tp?: number } {
  const m = /(?:^|[_\-./])tp[_-]?(\d{1,3})(?=$|[_\-./+])/i.exec(name);
  return m ? { tp: Number(m[1]) } : {};
}

export interface RunDraft {
  label: string;
  model?: string;
  params_b?: number;
  active_params_b?: number;
  precision?: string;
  gpu_model?: string;
  gpu_count?: number;
  gpu_memory_gb?: number;
  host?: string;
  engine?: string;
  engine_version?: string;
  measured_at?: string;
  knobs?: Record<string, unknown>;
  workload?: Record<string, unknown>;
  metrics: Partial<Record<MetricKey, number | undefined>>;
  /** Metrics computed by the importer itself (e.g. percentiles from per-request samples). */
  derived?: string[];
  energy_provenance?: RunRecord['energy_provenance'];
  stability?: RunRecord['stability'];
  requests?: RunRecord['requests'];
  trace?: RunRecord['trace'];
  extra?: Record<string, unknown>;
  attribution?: Record<string, string>;
}

/** Runs whose gpu_count was defaulted (the file did not say), so batch overrides may fill it. */
export const DEFAULTED_GPU_COUNT = new WeakSet<object>();

function clean<T extends Record<string, unknown>>(o: T | undefined): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o ?? {}))
    if (v !== undefined && v !== null && !(typeof v === 'number' && !Number.isFinite(v))) out[k] = v;
  return out as T;
}

/**
 * Builds a validated run record: fills derived metrics via the catalogue, records `derived`,
 * validates against the schema (errors name the key), and adds the standard warnings.
 */
export function buildRun(
  ctx: ParseContext,
  format: string,
  d: RunDraft,
  warnings: string[],
  where?: string,
): RunRecord {
  const workload = clean(d.workload);
  const { metrics, derived } = deriveMetrics({
    metrics: clean(d.metrics) as Partial<Record<MetricKey, number>>,
    workload: workload as never,
  });
  const rec = {
    schema_version: 1 as const,
    source: {
      kind: 'import' as const,
      format,
      file_name: ctx.name,
      file_sha256: ctx.sha256,
      ...(d.attribution ? { attribution: d.attribution } : {}),
    },
    label: d.label.slice(0, 300) || ctx.name,
    created_at: ctx.now,
    ...(d.measured_at ? { measured_at: d.measured_at } : {}),
    model: clean({
      id: d.model || 'unknown',
      params_b: d.params_b,
      active_params_b: d.active_params_b,
      precision: d.precision,
    }),
    hardware: clean({
      gpu_model: d.gpu_model || 'unknown',
      gpu_count: d.gpu_count ?? 1,
      gpu_memory_gb: d.gpu_memory_gb,
      host: d.host,
      simulated: false,
    }),
    engine: clean({ name: d.engine || 'unknown', version: d.engine_version }),
    knobs: clean(d.knobs),
    workload,
    metrics,
    derived: [...new Set([...(d.derived ?? []), ...derived])],
    ...(d.energy_provenance ? { energy_provenance: d.energy_provenance } : {}),
    ...(d.stability ? { stability: d.stability } : {}),
    ...(d.requests ? { requests: d.requests } : {}),
    ...(d.trace ? { trace: d.trace } : {}),
    ...(d.extra && Object.keys(clean(d.extra)).length ? { extra: clean(d.extra) } : {}),
  };
  const r = runRecordSchema.safeParse(rec);
  if (!r.success) throw new ImportError(ctx.name, where, `invalid run record: ${formatIssues(r.error.issues)}`);
  if (d.gpu_count === undefined) DEFAULTED_GPU_COUNT.add(r.data);
  return r.data;
}

/** Standard per-file warnings derived from the runs (deduplicated by the caller). */
export function standardWarnings(runs: RunRecord[]): string[] {
  const w: string[] = [];
  if (runs.some((r) => r.hardware.gpu_model === 'unknown'))
    w.push('GPU model not in file: set to "unknown" (fill it in with the batch fields)');
  if (runs.some((r) => r.model.id === 'unknown')) w.push('model not in file: set to "unknown"');
  if (
    runs.some(
      (r) =>
        r.metrics.energy_j === undefined &&
        r.metrics.energy_per_output_token_j === undefined &&
        r.metrics.energy_per_request_j === undefined &&
        r.metrics.avg_power_w === undefined,
    )
  )
    w.push('no energy or power data in file: energy metrics are missing');
  return w;
}

/** "20250414-141621" -> "2025-04-14T14:16:21" (vLLM local time, no offset). */
export function vllmDate(v: unknown): string | undefined {
  const m = typeof v === 'string' ? /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(v) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
}
