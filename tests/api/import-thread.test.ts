/**
 * Imports in the worker thread (lib/services/import-thread.ts): the same result as inline, the runs
 * visible to the server's connection (and its facets) once committed, errors mapped to the same
 * classes (400 for a bad file, nothing written), and the event loop free while it works.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from '@/db/client';
import { countRuns, runFacets } from '@/db/queries/runs';
import { ValidationError } from '@/lib/errors';
import { previewUpload } from '@/lib/services/import';
import {
  importUploadAsync,
  importUploadInThread,
  INLINE_MAX_BYTES,
  previewUploadAsync,
} from '@/lib/services/import-thread';
import { fleetRuns } from '../../bench/synthetic-fleet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-import-thread-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The nice value of every thread of this process (Linux /proc, stat field 19). */
function threadNices(): number[] {
  return fs.readdirSync('/proc/self/task').map((t) => {
    const st = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
    return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

function jsonl(n: number, seed: number): string {
  return [...fleetRuns(n, seed)].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

test('a large upload is committed by the worker thread while the event loop keeps turning', async () => {
  const file = path.join(dir, 'a.db');
  const db = openDb(file);
  const text = jsonl(4000, 5);
  expect(text.length).toBeGreaterThan(INLINE_MAX_BYTES);
  const upload = path.join(dir, 'runs.jsonl');
  fs.writeFileSync(upload, text);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const res = await importUploadAsync(db, [{ name: 'runs.jsonl', path: upload, size: text.length }], {
    studyName: 'threaded',
    format: 'joulebench',
  });
  clearInterval(timer);
  expect(res.inserted).toBe(4000);
  expect(ticks).toBeGreaterThan(5); // timers ran during the import: it did not hold the loop
  expect(countRuns(db, { study: res.studyId })).toBe(4000);
  expect(runFacets(db, res.studyId).models.length).toBe(24);
  // The import worker runs at background priority: one thread of this process at nice 10.
  if (process.platform === 'linux') expect(threadNices()).toContain(10);
  db.$client.close();
}, 60_000);

test('errors come back as the same classes, and nothing is written', async () => {
  const file = path.join(dir, 'b.db');
  const db = openDb(file);
  const bad = path.join(dir, 'bad.jsonl');
  fs.writeFileSync(bad, jsonl(3, 6) + '{"schema_version": 1, "label": 5}\n');
  await expect(
    importUploadInThread(file, [{ name: 'bad.jsonl', path: bad }], { studyName: 'x', format: 'joulebench' }),
  ).rejects.toBeInstanceOf(ValidationError);
  expect(countRuns(db)).toBe(0);
  db.$client.close();
}, 60_000);

test('a large preview (the import page dry run) is parsed in the worker thread: same answer, loop free', async () => {
  const file = path.join(dir, 'c.db');
  const db = openDb(file);
  const text = jsonl(4000, 7);
  const upload = path.join(dir, 'preview.jsonl');
  fs.writeFileSync(upload, text);
  const files = [{ name: 'preview.jsonl', path: upload, size: text.length }];
  const opts = { studyName: 'p', format: 'joulebench', now: '2026-12-07T00:00:00.000Z' };
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const threaded = await previewUploadAsync(db, files, opts);
  clearInterval(timer);
  expect(ticks).toBeGreaterThan(5);
  expect(threaded).toEqual(previewUpload(db, files, opts));
  expect(threaded.runCount).toBe(4000);
  expect(countRuns(db)).toBe(0); // a preview writes nothing
  db.$client.close();
}, 60_000);
