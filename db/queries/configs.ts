/**
 * Runs read for configurations and fits (lib/configs, lib/models): identity columns, every knob
 * (typed columns + free-form JSON), the dataset, engine version, token lengths and all metrics.
 * Filters are parameters; column names come from the fixed knob/metric lists only.
 */
import type { DB } from '@/db/client';
import { versionedCache } from '@/db/queries/data-version';
import { COLUMN_KNOBS } from '@/db/mappers/run-row';
import { ValidationError } from '@/lib/errors';
import type { KnobValue, RunForConfig } from '@/lib/configs/types';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';

export interface ConfigFilters {
  study?: number;
  model?: string[];
  gpu?: string[];
  engine?: string[];
  /** Typed knob columns equal to these values (narrows a read to one configuration's repeats). */
  knobsEqual?: Partial<Record<(typeof COLUMN_KNOBS)[number], number>>;
  gpuCount?: number;
}

/** Enough for a large study of one model on one GPU; beyond it the caller must narrow the query. */
export const MAX_CONFIG_RUNS = 20_000;

const SELECT = [
  'id',
  'model_id',
  'gpu_model',
  'gpu_count',
  'simulated',
  'engine_name',
  "json_extract(doc, '$.engine.version')",
  "json_extract(doc, '$.knobs_extra')",
  "json_extract(doc, '$.workload')",
  ...COLUMN_KNOBS.map((k) => `"${k}"`),
  ...METRIC_KEYS.map((k) => `"${k}"`),
].join(', ');

function where(f: ConfigFilters): { sql: string; params: unknown[] } {
  const c: string[] = [];
  const p: unknown[] = [];
  if (f.study !== undefined) {
    c.push('study_id = ?');
    p.push(f.study);
  }
  for (const [col, vals] of [
    ['model_id', f.model],
    ['gpu_model', f.gpu],
    ['engine_name', f.engine],
  ] as const) {
    if (!vals?.length) continue;
    c.push(`${col} IN (${vals.map(() => '?').join(',')})`);
    p.push(...vals);
  }
  if (f.gpuCount !== undefined) {
    c.push('gpu_count = ?');
    p.push(f.gpuCount);
  }
  for (const k of COLUMN_KNOBS) {
    const v = f.knobsEqual?.[k];
    if (v === undefined) continue;
    c.push(`"${k}" = ?`);
    p.push(v);
  }
  return { sql: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Mean tokens per request: the configured length if set, else the workload's measured mean. */
function meanLen(knob: unknown, workload: Record<string, unknown>, meanKey: string, totalKey: string): number | null {
  const k = num(knob);
  if (k !== null) return k;
  const m = num(workload[meanKey]);
  if (m !== null) return m;
  const total = num(workload[totalKey]);
  const nReq = num(workload.num_requests);
  return total !== null && nReq ? total / nReq : null;
}

function parseJsonObject(s: unknown): Record<string, unknown> {
  if (typeof s !== 'string') return {};
  const v = JSON.parse(s) as unknown;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** More runs match than MAX_CONFIG_RUNS: callers that know a better way (the /models page) say so. */
export class TooManyConfigRunsError extends ValidationError {}

/**
 * The runs of one query, kept per query and run data version of its study: /models, the
 * configurations and fits APIs, /compare and the planner read the same few thousand full rows again
 * and again (~100 ms of table lookups for 7,000 runs at 1M). Frozen: every reader shares them.
 */
const runsCache = versionedCache<readonly RunForConfig[]>('config-runs', 16);

export function readRunsForConfigs(db: DB, f: ConfigFilters): readonly RunForConfig[] {
  return runsCache.get(db, JSON.stringify(f), () => frozen(readRunsNow(db, f)), f.study ?? 'all');
}

function frozen(runs: RunForConfig[]): readonly RunForConfig[] {
  for (const r of runs) {
    Object.freeze(r.knobs);
    Object.freeze(r.metrics);
    Object.freeze(r);
  }
  return Object.freeze(runs);
}

function readRunsNow(db: DB, f: ConfigFilters): RunForConfig[] {
  const w = where(f);
  // Counted through the indexes first (a few ms), so that an oversized query is refused before
  // reading MAX_CONFIG_RUNS full rows with their JSON: 0.3-0.5 s at 1M runs, on the event loop.
  const matching = db.$client
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM runs ${w.sql} LIMIT ${MAX_CONFIG_RUNS + 1})`)
    .pluck()
    .get(...w.params) as number;
  const tooMany = () =>
    new TooManyConfigRunsError(
      `more than ${MAX_CONFIG_RUNS.toLocaleString('en-US')} runs match: narrow the query with study, model or gpu`,
    );
  if (matching > MAX_CONFIG_RUNS) throw tooMany();
  const rows = db.$client
    .prepare(`SELECT ${SELECT} FROM runs ${w.sql} ORDER BY id LIMIT ${MAX_CONFIG_RUNS + 1}`)
    .raw()
    .all(...w.params) as unknown[][];
  // An import may have committed between the two statements.
  if (rows.length > MAX_CONFIG_RUNS) throw tooMany();
  const nk = COLUMN_KNOBS.length;
  return rows.map((row) => {
    const [id, model, gpu, gpuCount, simulated, engine, version, extraJson, workloadJson] = row;
    // Knob names come from stored input: a null-prototype map, so "__proto__" is just a name.
    const knobs: Record<string, KnobValue> = Object.create(null);
    const extra = parseJsonObject(extraJson);
    for (const [k, v] of Object.entries(extra))
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') knobs[k] = v;
    COLUMN_KNOBS.forEach((k, i) => {
      const v = num(row[9 + i]);
      if (v !== null) knobs[k] = v;
    });
    const metrics: Partial<Record<MetricKey, number>> = {};
    METRIC_KEYS.forEach((k, i) => {
      const v = num(row[9 + nk + i]);
      if (v !== null) metrics[k] = v;
    });
    const workload = parseJsonObject(workloadJson);
    return {
      id: id as number,
      model: model as string,
      gpu: gpu as string,
      gpuCount: gpuCount as number,
      simulated: simulated === 1,
      engine: engine as string,
      engineVersion: typeof version === 'string' ? version : null,
      knobs,
      dataset: typeof workload.dataset === 'string' ? workload.dataset : null,
      metrics,
      inLen: meanLen(knobs.input_len, workload, 'mean_input_len', 'input_tokens_total'),
      outLen: meanLen(knobs.output_len, workload, 'mean_output_len', 'output_tokens_total'),
    };
  });
}
