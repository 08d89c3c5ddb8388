/**
 * Bulk writes get a larger page cache for their transaction and give it back afterwards
 * (db/write-cache.ts): the CLI's import asks commitImport for it; the web server's imports do not.
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

test('commitImport raises the cache only when asked (the CLI), and restores it, also when it fails', () => {
  const study = createStudy(db, { name: 's' });
  const file = (k: number): ParsedFile => ({
    name: `x${k}.jsonl`,
    sha256: String(k).repeat(64),
    format: 'run-record',
    runs: [rec({ model: 'm', metrics: { energy_per_output_token_j: 0.5 + k } }, k)],
    warnings: [],
  });
  const pragma = vi.spyOn(db.$client, 'pragma');
  const raised = () => pragma.mock.calls.some((c) => c[0] === `cache_size = -${WRITE_CACHE_KIB}`);
  // The web server's imports keep the default: the allocator would keep what the cache pulled in.
  expect(commitImport(db, [file(1)], { studyId: study.id }).inserted).toBe(1);
  expect(raised()).toBe(false);
  expect(commitImport(db, [file(2)], { studyId: study.id }, { bulkCache: true }).inserted).toBe(1);
  expect(raised()).toBe(true);
  expect(cacheSize()).toBe(DEFAULT);
  expect(() => commitImport(db, [file(3)], { studyId: 999 }, { bulkCache: true })).toThrow();
  expect(cacheSize()).toBe(DEFAULT);
  pragma.mockRestore();
});
