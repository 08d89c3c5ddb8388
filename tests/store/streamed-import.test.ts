/**
 * A large Joulebench JSON Lines file is stored while it is read, batch by batch
 * (lib/importers/streamed.ts, commitImport): the result equals parsing it whole first; a bad line
 * rolls back what the file wrote; --skip-invalid leaves only that file out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type DB } from '@/db/client';
import { parseFilesSettled } from '@/lib/importers';
import { openStreamedFile, type StreamedFile } from '@/lib/importers/streamed';
import type { ImportFile, ParsedFile } from '@/lib/importers/types';
import { ValidationError } from '@/lib/errors';
import { commitImport, importUpload, previewUpload } from '@/lib/services/import';
import { preparedBatchesInThread } from '@/lib/services/import-pipeline';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-streamed-import-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const NOW = '2026-12-07T00:00:00.000Z';
let dbs = 0;
const freshDb = () => openDb(path.join(tmp, `db${dbs++}.db`));

/** Run i; every 40th lacks its GPU model (filled by --set), every 25th has energy that disagrees with power x time. */
const rec = (i: number, tag = 'r') => ({
  schema_version: 1,
  source: { kind: 'api' },
  label: `${tag}${i}`,
  created_at: '2026-01-01T00:00:00Z',
  model: { id: `m${i % 3}` },
  hardware: { gpu_model: i % 40 === 0 ? 'unknown' : 'H100', gpu_count: 1, simulated: true },
  engine: { name: 'vllm' },
  knobs: { max_num_seqs: 2 ** (i % 6), run_tag: `t${i % 4}` },
  workload: {},
  metrics: {
    duration_s: 10,
    avg_power_w: 100,
    energy_j: i % 25 === 0 ? 5000 : 1000,
    completed: (tag === 'r' ? 100 : 10_000) + i, // the label is not part of the content hash
  },
});
function write(name: string, lines: string[]): ImportFile {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { name, path: file, size: fs.statSync(file).size };
}
const lines = (n: number, tag = 'r') => Array.from({ length: n }, (_, i) => JSON.stringify(rec(i, tag)));
const OVERRIDES = { gpu_model: 'L40S' };
/** Tiny thresholds so that a test file streams, in batches of 7 runs. */
const open = (f: ImportFile) =>
  openStreamedFile(f, { now: NOW, overrides: OVERRIDES, minBytes: 1000, batchRuns: 7 }) as StreamedFile;
const wholeParse = (files: ImportFile[]) =>
  parseFilesSettled(files, { now: NOW, overrides: OVERRIDES }).map((s) => (s as { file: ParsedFile }).file);

function stored(db: DB) {
  const runs = db.$client
    .prepare('SELECT * FROM runs ORDER BY id')
    .all()
    .map((r) => ({ ...(r as Record<string, unknown>), id: 0, import_id: 0 }));
  const imports = db.$client.prepare('SELECT study_id, files, run_count FROM imports').all();
  const files = db.$client.prepare('SELECT sha256, file_name, run_count FROM import_files').all();
  const groups = db.$client.prepare('SELECT * FROM run_groups ORDER BY 1, 2, 3, 4, 5').all();
  return { runs, imports, files, groups };
}
const count = (db: DB, t: string) => db.$client.prepare(`SELECT count(*) FROM ${t}`).pluck().get();

describe('streamed commit of a Joulebench JSON Lines file', () => {
  // 300 runs; run 5 appears again at the end (a duplicate in another batch).
  const big = write('runs.jsonl', [...lines(300), JSON.stringify(rec(5))]);

  it('stores what a whole parse stores: runs, groups, batch files and warnings (--set, consistency)', () => {
    const a = freshDb();
    const ra = commitImport(a, wholeParse([big]), { studyName: 's' });
    const b = freshDb();
    const s = open(big);
    expect(s).toBeDefined();
    const rb = commitImport(b, [s], { studyName: 's' });
    expect(rb).toEqual(ra);
    expect(rb).toMatchObject({ inserted: 300, duplicates: 1 });
    expect(stored(b)).toEqual(stored(a));
    // The overrides and the consistency check reached every batch.
    expect(b.$client.prepare("SELECT count(*) FROM runs WHERE gpu_model = 'L40S'").pluck().get()).toBe(8);
    expect(s.warnings.some((w) => w.startsWith('inconsistent values in run "r25"'))).toBe(true);
    expect(s.warnings.filter((w) => w.startsWith('inconsistent values')).length).toBe(12);
    expect(s.runCount).toBe(301);
  });

  it('into a study that already has runs: the same duplicates are found (index lookups)', () => {
    const a = freshDb();
    const b = freshDb();
    const first = write('first.jsonl', lines(100));
    commitImport(a, wholeParse([first]), { studyName: 's' });
    commitImport(b, wholeParse([first]), { studyName: 's' });
    const ra = commitImport(a, wholeParse([big]), { studyName: 's' });
    const rb = commitImport(b, [open(big)], { studyName: 's' });
    expect(rb).toEqual(ra);
    expect(rb).toMatchObject({ inserted: 200, duplicates: 101 });
    expect(stored(b)).toEqual(stored(a));
  });

  it('a bad line rolls back everything: no runs, no batch, no groups', () => {
    const db = freshDb();
    const bad = lines(300);
    bad[149] = bad[149].replace('"energy_j":1000', '"energy_j":-1');
    const f = write('bad.jsonl', bad);
    expect(() => commitImport(db, [open(f)], { studyName: 's' })).toThrow(/bad\.jsonl.*line 150.*energy_j/);
    expect([count(db, 'runs'), count(db, 'imports'), count(db, 'import_files'), count(db, 'run_groups')]).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('skipInvalid: the bad file is left out and reported; its runs do not count as duplicates of the next', () => {
    const db = freshDb();
    const bad = lines(300);
    bad[280] = '{"schema_version": 1, broken';
    const f1 = write('bad2.jsonl', bad);
    // The good file repeats the bad file's first 100 runs, which were stored and then rolled back.
    const f2 = write('good.jsonl', [...lines(100), ...lines(50, 'g')]);
    const res = commitImport(db, [open(f1), open(f2)], { studyName: 's' }, { skipInvalid: true });
    expect(res.refused).toEqual([
      expect.objectContaining({ name: 'bad2.jsonl', where: 'line 281', reason: expect.stringMatching(/invalid JSON/) }),
    ]);
    expect(res).toMatchObject({ inserted: 150, duplicates: 0 });
    expect(count(db, 'runs')).toBe(150);
    expect(db.$client.prepare('SELECT file_name FROM import_files').pluck().all()).toEqual(['good.jsonl']);
    const files = JSON.parse(db.$client.prepare('SELECT files FROM imports').pluck().get() as string);
    expect(files.map((x: { name: string; runs: number }) => [x.name, x.runs])).toEqual([['good.jsonl', 150]]);
  });

  it('skipInvalid with every streamed file bad: no batch is left behind', () => {
    const db = freshDb();
    const bad = lines(30);
    bad[3] = 'not json';
    const res = commitImport(db, [open(write('bad3.jsonl', bad))], { studyName: 's' }, { skipInvalid: true });
    expect(res.importId).toBeNull();
    expect(res.refused?.[0]).toMatchObject({ name: 'bad3.jsonl', where: 'line 4' });
    expect([count(db, 'runs'), count(db, 'imports')]).toEqual([0, 0]);
  });

  it('only large files of a format that yields records one by one are streamed', () => {
    const small = write('small.jsonl', lines(2));
    expect(openStreamedFile(small, { now: NOW })).toBeUndefined(); // below STREAM_MIN_BYTES
    expect(openStreamedFile(small, { now: NOW, minBytes: 10 })).toBeDefined();
    const csv = write('x.csv', ['a,b', '1,2', '3,4'.repeat(400)]);
    expect(openStreamedFile(csv, { now: NOW, minBytes: 10 })).toBeUndefined(); // not recognised: parsed whole, which says why
    const other = write('vllm.json', [JSON.stringify({ backend: 'vllm', ttfts: [1], model_id: 'x' })]);
    expect(openStreamedFile(other, { now: NOW, minBytes: 10, format: 'vllm-serve' })).toBeUndefined(); // no streamRecords
  });
});

describe('uploads (importUpload: POST /api/imports, also in the import thread)', () => {
  /** Above STREAM_MIN_BYTES (8 MB): 6,000 runs padded to ~1.5 KB each. */
  const big = (name: string, badAt?: number) =>
    write(
      name,
      Array.from({ length: 6000 }, (_, i) =>
        i + 1 === badAt ? '{"broken' : JSON.stringify({ ...rec(i, name), knobs: { pad: name.padEnd(1500, '.') } }),
      ),
    );
  const good = big('up-good.jsonl');
  const bad = big('up-bad.jsonl', 5990);

  it('a large JSON Lines upload is streamed: same summary as a parsed file, bad lines refused', () => {
    expect(fs.statSync(good.path!).size).toBeGreaterThan(8 * 1024 * 1024);
    const db = freshDb();
    const small = write('up-small.jsonl', [JSON.stringify(rec(1, 'small'))]);
    const res = importUpload(db, [small, good], { studyName: 's', now: NOW });
    expect(res).toMatchObject({ inserted: 6001, duplicates: 0, refused: [] });
    expect(res.files.map((f) => [f.name, f.format, f.runs])).toEqual([
      ['up-small.jsonl', 'joulebench', 1],
      ['up-good.jsonl', 'joulebench', 6000],
    ]);
    expect(() => importUpload(freshDb(), [bad], { studyName: 's', now: NOW })).toThrow(ValidationError);
    expect(() => importUpload(freshDb(), [bad], { studyName: 's', now: NOW })).toThrow(/up-bad\.jsonl.*line 5990/);
    const db2 = freshDb();
    const skip = importUpload(db2, [bad, small], { studyName: 's', now: NOW, skipInvalid: true });
    expect(skip.refused).toEqual([expect.objectContaining({ name: 'up-bad.jsonl', where: 'line 5990' })]);
    expect(skip.files.map((f) => f.name)).toEqual(['up-small.jsonl']);
    expect(skip.inserted).toBe(1);
    expect(count(db2, 'runs')).toBe(1);
  });
  it('a preview reads a large JSON Lines file in batches and answers as the whole parse does', () => {
    const db = freshDb();
    const small = write('pv-small.jsonl', [JSON.stringify(rec(1, 'small'))]);
    const files = [small, good, bad];
    const opts = { studyName: 's', now: NOW, overrides: OVERRIDES };
    const streamedPreview = previewUpload(db, files, opts);
    const { records, ...wholePreview } = previewUpload(db, files, { ...opts, records: true }); // records: parsed whole
    expect(records).toHaveLength(6001);
    expect(streamedPreview).toEqual(wholePreview);
    expect(streamedPreview.ok).toBe(false);
    expect(streamedPreview.runCount).toBe(6001);
    expect(
      streamedPreview.files.map((f) => (f.ok ? [f.name, f.file.runCount, f.file.runs.length] : [f.name, f.where])),
    ).toEqual([
      ['pv-small.jsonl', 1, 1],
      ['up-good.jsonl', 6000, 200],
      ['up-bad.jsonl', 'line 5990'],
    ]);
  });
});

describe('the CLI pipeline: read and prepared on a second thread (lib/services/import-pipeline.ts)', () => {
  const PIPE = { pipelineMinBytes: 0 };
  const big = write('pipe.jsonl', [...lines(300), JSON.stringify(rec(5))]);

  it('stores exactly what the one-thread streamed commit stores, warnings and counts included', () => {
    const a = freshDb();
    const sa = open(big);
    const ra = commitImport(a, [sa], { studyName: 's' });
    const b = freshDb();
    const sb = open(big);
    const rb = commitImport(b, [sb], { studyName: 's' }, PIPE);
    expect(rb).toEqual(ra);
    expect(stored(b)).toEqual(stored(a));
    expect(sb.warnings).toEqual(sa.warnings);
    expect(sb.runCount).toBe(301);
  });

  it('strings of any characters, nulls and -0 arrive as they were (typed arrays between the threads)', () => {
    const odd = (i: number) => ({
      ...rec(i, 'odd'),
      // Newlines, quotes, a surrogate pair and combining marks: the strings travel joined, cut by length.
      label: `line one\nline "two" \u{1F600} e\u0301 ${i}`,
      model: { id: i % 2 ? 'm\u00fc/\u{1F680}' : 'm,0' },
      metrics: {
        duration_s: 10,
        avg_power_w: 100,
        energy_j: 1000,
        completed: 1 + i,
        ttft_ms_p99: [0, 0.1 + 0.2, 1e-300][i % 3],
      },
    });
    // JSON.stringify writes -0 as 0: the file says -0 itself.
    const f = write(
      'odd.jsonl',
      Array.from({ length: 40 }, (_, i) => JSON.stringify(odd(i)).replace('"ttft_ms_p99":0}', '"ttft_ms_p99":-0}')),
    );
    const a = freshDb();
    commitImport(a, [open(f)], { studyName: 's' });
    const b = freshDb();
    commitImport(b, [open(f)], { studyName: 's' }, PIPE);
    expect(stored(b)).toEqual(stored(a));
    const first = b.$client.prepare('SELECT label, model_id, ttft_ms_p99 FROM runs ORDER BY id LIMIT 3').all();
    expect(first).toEqual([
      { label: 'line one\nline "two" \u{1F600} e\u0301 0', model_id: 'm,0', ttft_ms_p99: 0 },
      { label: 'line one\nline "two" \u{1F600} e\u0301 1', model_id: 'm\u00fc/\u{1F680}', ttft_ms_p99: 0.1 + 0.2 },
      { label: 'line one\nline "two" \u{1F600} e\u0301 2', model_id: 'm,0', ttft_ms_p99: 1e-300 },
    ]);
  });

  it('series (trace, per-request samples) arrive intact', () => {
    const withSeries = (i: number) => ({
      ...rec(i, 'series'),
      trace: { devices: [{ index: 0, t_s: [0, 1, 2], power_w: [100.5, 101, 99.25] }] },
      requests: {
        success: [true, false],
        ttft_ms: [10, null],
        e2e_ms: [100, null],
        input_tokens: [7, 8],
        output_tokens: [5, 0],
      },
    });
    const f = write(
      'series.jsonl',
      [0, 1, 2].map((i) => JSON.stringify(withSeries(i))),
    );
    const a = freshDb();
    commitImport(a, [open(f)], { studyName: 's' });
    const b = freshDb();
    commitImport(b, [open(f)], { studyName: 's' }, PIPE);
    const blobs = (db: DB) =>
      db.$client.prepare('SELECT run_id, kind, layout, data FROM run_blobs ORDER BY 1, 2').all();
    expect(blobs(b)).toEqual(blobs(a));
    expect(blobs(b).length).toBeGreaterThan(0);
    expect(stored(b)).toEqual(stored(a));
  });

  it('a bad line comes back as the same error, and nothing is written; skipInvalid leaves the file out', () => {
    const bad = lines(300);
    bad[149] = bad[149].replace('"energy_j":1000', '"energy_j":-1');
    const f = write('pipe-bad.jsonl', bad);
    const db = freshDb();
    expect(() => commitImport(db, [open(f)], { studyName: 's' }, PIPE)).toThrow(/pipe-bad\.jsonl.*line 150.*energy_j/);
    expect([count(db, 'runs'), count(db, 'imports'), count(db, 'run_groups')]).toEqual([0, 0, 0]);
    const res = commitImport(db, [open(f), open(big)], { studyName: 's' }, { ...PIPE, skipInvalid: true });
    expect(res.refused).toEqual([expect.objectContaining({ name: 'pipe-bad.jsonl', where: 'line 150' })]);
    expect(res).toMatchObject({ inserted: 300, duplicates: 1 });
  });

  it('a reading thread that dies without a word fails the import instead of hanging it', () => {
    // A stand-in worker script that exits at once: no batch, no error, no heartbeat.
    const fakeRoot = fs.mkdtempSync(path.join(tmp, 'root-'));
    fs.mkdirSync(path.join(fakeRoot, 'lib', 'services'), { recursive: true });
    fs.writeFileSync(path.join(fakeRoot, 'lib', 'services', 'import-pipeline-worker.cjs'), 'process.exit(0);\n');
    const before = process.env.JOULEBENCH_ROOT;
    process.env.JOULEBENCH_ROOT = fakeRoot;
    try {
      const t = performance.now();
      expect(() => [...preparedBatchesInThread(open(big), { studyId: 1, importId: 1, stallMs: 300 })]).toThrow(
        /reading thread stopped/,
      );
      expect(performance.now() - t).toBeLessThan(5000);
    } finally {
      if (before === undefined) delete process.env.JOULEBENCH_ROOT;
      else process.env.JOULEBENCH_ROOT = before;
    }
  });
});
