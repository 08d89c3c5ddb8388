/** Run record <-> runs row. Round-trips exactly (tested in tests/store/run-row.test.ts). */
import { createHash } from 'node:crypto';
import { METRIC_KEYS } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import type { NewRunRow, RunRow } from '@/db/schema';

/** Typed knob columns (record key -> column property). */
export const KNOB_COLUMNS = {
  sm_clock_mhz: 'smClockMhz',
  power_limit_w: 'powerLimitW',
  tp: 'tp',
  pp: 'pp',
  max_num_seqs: 'maxNumSeqs',
  max_concurrency: 'maxConcurrency',
  request_rate: 'requestRate',
  input_len: 'inputLen',
  output_len: 'outputLen',
} as const;
export type ColumnKnob = keyof typeof KNOB_COLUMNS;
export const COLUMN_KNOBS = Object.keys(KNOB_COLUMNS) as ColumnKnob[];

/** Stable JSON (sorted keys) so equal records hash equally. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Content hash of what was measured (not of when/where it was stored), for de-duplication. */
export function contentHash(r: RunRecord): string {
  const { id: _id, study_id: _s, created_at: _c, label: _l, ...rest } = r;
  return createHash('sha256').update(stable(rest)).digest('hex');
}

export function recordToRow(r: RunRecord, studyId: number, extra: Partial<NewRunRow> = {}): NewRunRow {
  const { metrics, knobs, trace: _t, requests: _r, id: _id, study_id: _sid, ...restDoc } = r;
  const extraKnobs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(knobs)) if (!(k in KNOB_COLUMNS)) extraKnobs[k] = v;
  const row: NewRunRow = {
    studyId,
    contentHash: contentHash(r),
    label: r.label,
    createdAt: r.created_at,
    measuredAt: r.measured_at ?? null,
    sourceKind: r.source.kind,
    sourceFormat: r.source.format ?? null,
    modelId: r.model.id,
    gpuModel: r.hardware.gpu_model,
    gpuCount: r.hardware.gpu_count,
    simulated: r.hardware.simulated,
    engineName: r.engine.name,
    doc: { ...restDoc, knobs_extra: extraKnobs, has_trace: !!r.trace, has_requests: !!r.requests },
    ...extra,
  };
  for (const [k, col] of Object.entries(KNOB_COLUMNS)) {
    const v = knobs[k as ColumnKnob];
    (row as Record<string, unknown>)[col] = typeof v === 'number' ? v : null;
  }
  for (const k of METRIC_KEYS) (row as Record<string, unknown>)[k] = metrics[k] ?? null;
  return row;
}

export function rowToRecord(row: RunRow): RunRecord {
  const { knobs_extra, has_trace: _ht, has_requests: _hr, ...doc } = row.doc as Record<string, unknown> & {
    knobs_extra?: Record<string, unknown>;
  };
  const knobs: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(KNOB_COLUMNS)) {
    const v = (row as Record<string, unknown>)[col];
    if (v !== null && v !== undefined) knobs[k] = v;
  }
  Object.assign(knobs, knobs_extra ?? {});
  const metrics: Record<string, number> = {};
  for (const k of METRIC_KEYS) {
    const v = row[k];
    if (v !== null && v !== undefined) metrics[k] = v;
  }
  return { ...(doc as Omit<RunRecord, 'knobs' | 'metrics'>), id: row.id, study_id: row.studyId, knobs, metrics } as RunRecord;
}

export function rowHas(row: RunRow): { trace: boolean; requests: boolean } {
  const d = row.doc as { has_trace?: boolean; has_requests?: boolean };
  return { trace: !!d.has_trace, requests: !!d.has_requests };
}
