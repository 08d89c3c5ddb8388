/** Run record <-> runs row. Round-trips exactly (tests/store/store.test.ts: "a record round-trips ..."). */
import { hash } from 'node:crypto';
import { copyInto, shallowCopy } from '@/lib/shallow-copy';
import { getTableColumns } from 'drizzle-orm';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';
import { runs, type NewRunRow, type RunRow } from '@/db/schema/runs';

/** Typed knob columns (record key -> column property), from the knob catalogue. */
import { COLUMN_KNOBS, KNOB_COLUMNS, type ColumnKnob } from '@/lib/knobs/catalogue';
export { COLUMN_KNOBS, KNOB_COLUMNS, type ColumnKnob };

/**
 * The value with object keys in sorted order (arrays of primitives and already-sorted flat objects
 * are returned as they are), so that JSON.stringify of it is canonical: equal records hash equally
 * whatever order their keys were built in. Copy-light because it runs once per stored run.
 */
function sortDeep(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object') return v.map(sortDeep);
    return v;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) if (keys[i - 1] > keys[i]) sorted = false;
  if (sorted && keys.every((k) => o[k] === null || typeof o[k] !== 'object')) return o;
  if (!sorted) keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = sortDeep(o[k]);
  return out;
}

/** Which file a run came from: not part of its content hash. */
const FILE_FIELDS = new Set(['file_name', 'file_sha256']);
/**
 * Stored in columns or blobs, not in doc: the knobs and metrics, the series, where the run is
 * stored, and the record's fields that have a column of their own (rowToRecord puts them back).
 * Without the column fields a bench run's doc is 170 bytes instead of 361, the database a fifth
 * smaller, and at 1M runs a raw INSERT of the rows took 38 instead of 55-58 s (docs/benchmarks.md,
 * sixteenth session). Rows stored before carry them in doc too, with the same values.
 */
const NOT_IN_DOC = new Set([
  'metrics',
  'knobs',
  'trace',
  'requests',
  'id',
  'study_id',
  'label',
  'created_at',
  'measured_at',
]);
/** The nested fields that have a column (sourceKind, sourceFormat, modelId, gpuModel, ...). */
const NESTED_IN_COLUMNS = {
  source: new Set(['kind', 'format']),
  model: new Set(['id']),
  hardware: new Set(['gpu_model', 'gpu_count', 'simulated']),
  engine: new Set(['name']),
} as const;
/** Left out of runDoc's copy of the record: NOT_IN_DOC, and the nested objects it adds itself. */
const NOT_COPIED = new Set([...NOT_IN_DOC, ...Object.keys(NESTED_IN_COLUMNS)]);

/** The doc column of a run: the record without what its columns and blobs hold. */
function runDoc(r: RunRecord, knobsExtra: Record<string, unknown>): Record<string, unknown> {
  const doc = shallowCopy(r, NOT_COPIED) as Record<string, unknown>;
  for (const [k, omit] of Object.entries(NESTED_IN_COLUMNS)) {
    const rest = shallowCopy(r[k as keyof typeof NESTED_IN_COLUMNS] as object, omit);
    // An object left empty is not stored: rowToRecord rebuilds it from the columns alone.
    if (Object.keys(rest).length) doc[k] = rest;
  }
  doc.knobs_extra = knobsExtra;
  doc.has_trace = !!r.trace;
  doc.has_requests = !!r.requests;
  return doc;
}

/**
 * Content hash of what was measured, for de-duplication within a study: the canonical JSON of the
 * record without where and when it was stored (id, study_id, created_at, label) and without the
 * name and hash of the file it came from, so a renamed copy of a file hashes the same.
 */
export function contentHash(r: RunRecord): string {
  // Built directly in sorted key order (no intermediate copies of the record): bulk inserts pay this per run.
  const o = r as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) {
    if (k === 'id' || k === 'study_id' || k === 'created_at' || k === 'label' || o[k] === undefined) continue;
    if (k === 'source') {
      out.source = sortDeep(shallowCopy(r.source, FILE_FIELDS));
    } else out[k] = sortDeep(o[k]);
  }
  return hash('sha256', JSON.stringify(out), 'hex');
}

export function recordToRow(r: RunRecord, studyId: number, extra: Partial<NewRunRow> = {}): NewRunRow {
  const { knobs, metrics } = r;
  const extraKnobs: Record<string, unknown> = Object.create(null); // keys come from files
  for (const [k, v] of Object.entries(knobs)) if (!Object.hasOwn(KNOB_COLUMNS, k)) extraKnobs[k] = v;
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
    doc: runDoc(r, extraKnobs),
    ...extra,
  };
  for (const [k, col] of Object.entries(KNOB_COLUMNS)) {
    const v = knobs[k as ColumnKnob];
    (row as Record<string, unknown>)[col] = typeof v === 'number' ? v : null;
  }
  for (const k of METRIC_KEYS) (row as Record<string, unknown>)[k] = metrics[k] ?? null;
  return row;
}

/** Column properties of the runs table in schema order, without id (the bulk INSERT's column list). */
export const RUN_COLUMN_PROPS = Object.keys(getTableColumns(runs)).filter((k) => k !== 'id');

/** Per column of RUN_COLUMN_PROPS: a metric key, a typed knob key, or a fixed field. */
const COLUMN_SOURCE = RUN_COLUMN_PROPS.map((p) => {
  if ((METRIC_KEYS as readonly string[]).includes(p)) return { kind: 'metric' as const, key: p as MetricKey };
  const knob = (Object.entries(KNOB_COLUMNS) as [ColumnKnob, string][]).find(([, col]) => col === p)?.[0];
  return knob ? { kind: 'knob' as const, key: knob } : { kind: 'field' as const, key: p };
});

/**
 * The bulk-insert fast path of recordToRow: the SQL values in RUN_COLUMN_PROPS order (booleans as
 * 0/1, doc as JSON text) and the content hash, without building the 60-property row object.
 * Equivalent to runRowValues(recordToRow(...)) (tested).
 */
export function recordToValues(
  r: RunRecord,
  studyId: number,
  importId: number | null,
  sweepPointId: number | null,
): { hash: string; values: unknown[] } {
  const { metrics, knobs } = r;
  const extraKnobs: Record<string, unknown> = Object.create(null); // keys come from files
  for (const k in knobs) if (!Object.hasOwn(KNOB_COLUMNS, k)) extraKnobs[k] = knobs[k];
  const h = contentHash(r);
  const doc = runDoc(r, extraKnobs);
  const values = new Array<unknown>(COLUMN_SOURCE.length);
  for (let i = 0; i < COLUMN_SOURCE.length; i++) {
    const c = COLUMN_SOURCE[i];
    if (c.kind === 'metric') values[i] = metrics[c.key] ?? null;
    else if (c.kind === 'knob') {
      const k = knobs[c.key];
      values[i] = typeof k === 'number' ? k : null;
    } else {
      switch (c.key) {
        case 'studyId':
          values[i] = studyId;
          break;
        case 'importId':
          values[i] = importId;
          break;
        case 'sweepPointId':
          values[i] = sweepPointId;
          break;
        case 'contentHash':
          values[i] = h;
          break;
        case 'label':
          values[i] = r.label;
          break;
        case 'createdAt':
          values[i] = r.created_at;
          break;
        case 'measuredAt':
          values[i] = r.measured_at ?? null;
          break;
        case 'sourceKind':
          values[i] = r.source.kind;
          break;
        case 'sourceFormat':
          values[i] = r.source.format ?? null;
          break;
        case 'modelId':
          values[i] = r.model.id;
          break;
        case 'gpuModel':
          values[i] = r.hardware.gpu_model;
          break;
        case 'gpuCount':
          values[i] = r.hardware.gpu_count;
          break;
        case 'simulated':
          values[i] = r.hardware.simulated ? 1 : 0;
          break;
        case 'engineName':
          values[i] = r.engine.name;
          break;
        case 'doc':
          values[i] = JSON.stringify(doc);
          break;
        default:
          throw new Error(`recordToValues: unmapped runs column ${c.key}`);
      }
    }
  }
  return { hash: h, values };
}

/** Keys of doc that rowToRecord does not copy: set from the columns first, or not record fields. */
const NOT_FROM_DOC = new Set([
  'schema_version',
  'source',
  'label',
  'created_at',
  'measured_at',
  'model',
  'hardware',
  'engine',
  'knobs_extra',
  'has_trace',
  'has_requests',
]);

/**
 * The run record of a row: the column fields put back where the record has them (runDoc leaves
 * them out; a row stored before carries them in doc too, with the same values), then the rest
 * of doc in its order, the typed and extra knobs, and the metrics.
 */
export function rowToRecord(row: RunRow): RunRecord {
  const doc = row.doc as Record<string, unknown>;
  const nested = (k: string, head: Record<string, unknown>) => copyInto(head, (doc[k] ?? {}) as object);
  const source: Record<string, unknown> = { kind: row.sourceKind };
  if (row.sourceFormat !== null && row.sourceFormat !== undefined) source.format = row.sourceFormat;
  const out: Record<string, unknown> = {
    schema_version: doc.schema_version,
    source: nested('source', source),
    label: row.label,
    created_at: row.createdAt,
  };
  if (row.measuredAt !== null && row.measuredAt !== undefined) out.measured_at = row.measuredAt;
  out.model = nested('model', { id: row.modelId });
  out.hardware = nested('hardware', { gpu_model: row.gpuModel, gpu_count: row.gpuCount, simulated: row.simulated });
  out.engine = nested('engine', { name: row.engineName });
  copyInto(out, doc, NOT_FROM_DOC);
  const knobs: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(KNOB_COLUMNS)) {
    const v = (row as Record<string, unknown>)[col];
    if (v !== null && v !== undefined) knobs[k] = v;
  }
  copyInto(knobs, (doc.knobs_extra ?? {}) as object);
  const metrics: Record<string, number> = {};
  for (const k of METRIC_KEYS) {
    const v = row[k];
    if (v !== null && v !== undefined) metrics[k] = v;
  }
  out.id = row.id;
  out.study_id = row.studyId;
  out.knobs = knobs;
  out.metrics = metrics;
  return out as RunRecord;
}

export function rowHas(row: RunRow): { trace: boolean; requests: boolean } {
  const d = row.doc as { has_trace?: boolean; has_requests?: boolean };
  return { trace: !!d.has_trace, requests: !!d.has_requests };
}
