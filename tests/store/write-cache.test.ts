/**
 * Bulk writes get a larger page cache for their transaction and give it back afterwards
 * (db/write-cache.ts): the import path (CLI, uploads, the import worker) goes through commitImport.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { openDb } from '@/db/client';
import { createStudy } from '@/db/queries/studies';
import { WRITE_CACHE_KIB, withWriteCache } from '@/db/write-cache';
import { commitImport } from '@/lib/services/import';
import type { ParsedFile } from '@/lib/importers/types';
import { rec } from '../explore/fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-write-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const db = openDb(path.join(dir, 'x.db'));
const cacheSize = () => db.$client.pragma('cache_size', { simple: true });
const DEFAULT = cacheSize();

test('raises the cache for the write and restores it, after a throw too', () => {
  expect(DEFAULT).toBe(-16000); // better-sqlite3 builds SQLite with a 16 MB default
  expect(withWriteCache(db, () => cacheSize())).toBe(-WRITE_CACHE_KIB);
  expect(cacheSize()).toBe(DEFAULT);
  expect(() =>
    withWriteCache(db, () => {
      throw new Error('bad row');
    }),
  ).toThrow('bad row');
  expect(cacheSize()).toBe(DEFAULT);
  // Nested: the inner write keeps the outer one's cache, and the outer restores the default.
  withWriteCache(db, () => {
    withWriteCache(db, () => expect(cacheSize()).toBe(-WRITE_CACHE_KIB));
    expect(cacheSize()).toBe(-WRITE_CACHE_KIB);
  });
  expect(cacheSize()).toBe(DEFAULT);
});

test('commitImport writes with the raised cache and restores it, also when it fails', () => {
  const study = createStudy(db, { name: 's' });
  const file: ParsedFile = {
    name: 'x.jsonl',
    sha256: 'e'.repeat(64),
    format: 'run-record',
    runs: [rec({ model: 'm', metrics: { energy_per_output_token_j: 0.5 } }, 0)],
    warnings: [],
  };
  const pragma = vi.spyOn(db.$client, 'pragma');
  expect(commitImport(db, [file], { studyId: study.id }).inserted).toBe(1);
  expect(pragma).toHaveBeenCalledWith(`cache_size = -${WRITE_CACHE_KIB}`);
  expect(cacheSize()).toBe(DEFAULT);
  expect(() => commitImport(db, [file], { studyId: 999 })).toThrow();
  expect(cacheSize()).toBe(DEFAULT);
  pragma.mockRestore();
});
