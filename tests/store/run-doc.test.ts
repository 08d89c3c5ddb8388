/**
 * The doc column holds only what no column holds (db/mappers/run-row.ts runDoc): a run's label,
 * dates, source kind and format, model id, GPU, count, simulated flag and engine name live in
 * their columns alone, and rowToRecord puts them back. Rows stored before keep them in doc too,
 * and read back the same.
 */
import { beforeEach, expect, test } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { getRun, insertRuns } from '@/db/queries/runs';
import { createStudy } from '@/db/queries/studies';
import { runRowValues } from '@/db/queries/runs/insert';
import { recordToRow, recordToValues, RUN_COLUMN_PROPS, rowToRecord } from '@/db/mappers/run-row';
import type { RunRow } from '@/db/schema/runs';
import { makeRecord } from '../helpers/records';

let db: DB;
beforeEach(() => {
  db = openDb(':memory:');
});

const storedDoc = (id: number) =>
  JSON.parse((db.$client.prepare('SELECT doc FROM runs WHERE id = ?').get(id) as { doc: string }).doc);

const record = () =>
  makeRecord({
    source: { kind: 'import', format: 'vllm-bench', file_name: 'a.json' },
    measured_at: '2026-02-01T10:00:00Z',
    knobs: { max_num_seqs: 64, scheduler: 'fcfs' },
  });

test('doc leaves out what the columns hold; the record reads back whole, in the run record order', () => {
  const s = createStudy(db, { name: 's' });
  const rec = record();
  const [id] = insertRuns(db, s.id, [rec]).ids;
  expect(storedDoc(id)).toEqual({
    schema_version: 1,
    source: { file_name: 'a.json' },
    model: { params_b: 8 },
    engine: { version: '0.11.0' },
    workload: rec.workload,
    knobs_extra: { scheduler: 'fcfs' },
    has_trace: false,
    has_requests: false,
  });
  const back = getRun(db, id)!;
  const { id: _id, study_id: _s, ...rest } = back;
  expect(rest).toEqual(JSON.parse(JSON.stringify(rec)));
  expect(Object.keys(back).slice(0, 8)).toEqual([
    'schema_version',
    'source',
    'label',
    'created_at',
    'measured_at',
    'model',
    'hardware',
    'engine',
  ]);
  expect(Object.keys(back.source)).toEqual(['kind', 'format', 'file_name']);
  expect(back.hardware).toEqual({ gpu_model: 'H100', gpu_count: 1, simulated: false });
});

test('the bulk path (recordToValues) stores the same doc as recordToRow', () => {
  const rec = record();
  const doc = recordToValues(rec, 1, null, null).values[RUN_COLUMN_PROPS.indexOf('doc')];
  expect(JSON.parse(doc as string)).toEqual(recordToRow(rec, 1).doc);
  expect(runRowValues(recordToRow(rec, 1))[RUN_COLUMN_PROPS.indexOf('doc')]).toBe(doc);
});

test('a row stored with the whole record in doc (before) reads back the same record', () => {
  const s = createStudy(db, { name: 's' });
  const rec = record();
  const [id] = insertRuns(db, s.id, [rec]).ids;
  const lean = getRun(db, id)!;
  // The doc as earlier versions wrote it: the record without knobs, metrics and series.
  const { knobs: _k, metrics: _m, ...whole } = JSON.parse(JSON.stringify(rec));
  const old = { ...whole, knobs_extra: { scheduler: 'fcfs' }, has_trace: false, has_requests: false };
  db.$client.prepare('UPDATE runs SET doc = ? WHERE id = ?').run(JSON.stringify(old), id);
  expect(getRun(db, id)).toEqual(lean);
  expect(JSON.stringify(getRun(db, id))).toBe(JSON.stringify(lean));
});

test('optional column fields that were absent stay absent', () => {
  const s = createStudy(db, { name: 's' });
  const rec = makeRecord(); // no measured_at, no source.format
  const [id] = insertRuns(db, s.id, [rec]).ids;
  const back = getRun(db, id)!;
  expect(back).not.toHaveProperty('measured_at');
  expect(back.source).toEqual({ kind: 'api' });
  expect(storedDoc(id)).not.toHaveProperty('source');
});

test('a "__proto__" key from a file stays data when the record is put back together', () => {
  const row = {
    ...recordToRow(makeRecord(), 1),
    id: 1,
    doc: JSON.parse('{"schema_version":1,"model":{"__proto__":{"polluted":1}},"knobs_extra":{"__proto__":{"x":1}}}'),
  } as RunRow;
  const back = rowToRecord(row) as unknown as { model: object; knobs: object };
  expect(Object.getPrototypeOf(back.model)).toBe(Object.prototype);
  expect(Object.getPrototypeOf(back.knobs)).toBe(Object.prototype);
  expect(Object.hasOwn(back.model, '__proto__')).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
