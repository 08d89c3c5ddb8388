/**
 * The import thread starts with the server (instrumentation.ts), idle, so that compiling its code
 * does not happen during the first large upload while readers wait (lib/services/import-thread.ts).
 * Its own file: the thread is one per process, and the other import-thread tests start it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from '@/db/client';
import { importThreadRunning, importUploadInThread, startImportThread } from '@/lib/services/import-thread';
import { fleetRuns } from '../../bench/synthetic-fleet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-import-start-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('started for a database file, not for an in-memory one; an upload then uses it', async () => {
  expect(importThreadRunning()).toBe(false);
  startImportThread(openDb(':memory:'));
  expect(importThreadRunning()).toBe(false);
  const file = path.join(dir, 'a.db');
  startImportThread(openDb(file));
  expect(importThreadRunning()).toBe(true);
  const upload = path.join(dir, 'runs.jsonl');
  fs.writeFileSync(upload, [...fleetRuns(50, 3)].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const res = await importUploadInThread(file, [{ name: 'runs.jsonl', path: upload }], {
    studyName: 'started',
    format: 'joulebench',
  });
  expect(res.inserted).toBe(50);
});
