/** Sort keys and keyset cursors of the runs table (opaque base64url JSON in the API). */
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { COLUMN_KNOBS, KNOB_COLUMNS, type ColumnKnob } from '@/db/mappers/run-row';
import { INDEXED_KNOBS, INDEXED_METRICS, runs } from '@/db/schema';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { ValidationError } from '@/lib/errors';

export const SORT_KEYS = [
  'id',
  'created_at',
  'label',
  'model',
  'gpu',
  'engine',
  ...COLUMN_KNOBS,
  ...METRIC_KEYS,
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Keyset position: the sort value and id of the last row of the previous page. */
export interface RunCursor {
  sort: SortKey;
  order: 'asc' | 'desc';
  /** Sort value of the last row (null when it had none). Unused for the id sort. */
  v: number | string | null;
  id: number;
}

export function sortColumn(key: SortKey): SQLiteColumn {
  switch (key) {
    case 'id':
      return runs.id;
    case 'created_at':
      return runs.createdAt;
    case 'label':
      return runs.label;
    case 'model':
      return runs.modelId;
    case 'gpu':
      return runs.gpuModel;
    case 'engine':
      return runs.engineName;
    default:
      if (Object.hasOwn(KNOB_COLUMNS, key)) return runs[KNOB_COLUMNS[key as ColumnKnob]];
      return runs[key as MetricKey];
  }
}

/** Row property of a sort key's column. */
export function sortProp(key: SortKey): string {
  const props: Partial<Record<SortKey, string>> = {
    id: 'id',
    created_at: 'createdAt',
    label: 'label',
    model: 'modelId',
    gpu: 'gpuModel',
    engine: 'engineName',
  };
  return props[key] ?? (Object.hasOwn(KNOB_COLUMNS, key) ? KNOB_COLUMNS[key as ColumnKnob] : key);
}

/** Sort keys whose column is NOT NULL (no NULLS LAST handling needed). */
export const NOT_NULL_SORTS = new Set<SortKey>(['id', 'created_at', 'label', 'model', 'gpu', 'engine']);
/** Sort keys backed by a single-column index (rowid is its implicit last column). */
const INDEXED_SORTS = new Set<SortKey>(['id', 'model', 'gpu', 'engine', ...INDEXED_KNOBS, ...INDEXED_METRICS]);
export const isIndexedSort = (k: SortKey) => INDEXED_SORTS.has(k);

/** Opaque cursor for the API (base64url JSON). */
export function encodeCursor(c: RunCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.order, c.v, c.id])).toString('base64url');
}

export function decodeCursor(s: string): RunCursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('cursor: malformed');
  }
  if (
    !Array.isArray(v) ||
    v.length !== 4 ||
    !(SORT_KEYS as readonly unknown[]).includes(v[0]) ||
    (v[1] !== 'asc' && v[1] !== 'desc') ||
    !(v[2] === null || typeof v[2] === 'number' || typeof v[2] === 'string') ||
    !Number.isInteger(v[3])
  )
    throw new ValidationError('cursor: malformed');
  return { sort: v[0] as SortKey, order: v[1], v: v[2], id: v[3] };
}
