/**
 * A larger SQLite page cache for the length of a bulk write.
 *
 * Every run inserted touches 17 B-trees (the runs table and its 16 indexes, docs/run-record.md),
 * most at a random position. With better-sqlite3's default cache (16 MB) those pages fall out
 * between runs and each insert reads them back from the OS: a raw prepared INSERT into a 1M-run
 * table ran at 12.1k runs/s with it and 23.2k runs/s with 256 MB (bench/store.ts).
 *
 * For processes that exit after the write (the CLI's import, benches). The cache only grows as
 * pages are touched, and SQLite frees them when the size is restored, but the C allocator keeps
 * the memory: in the web server a 10,000-run upload into a 1M-run study left the process 110 MB
 * larger than with the default cache, and was no faster (4.3 s against 4.1 s).
 */
import type { DB } from './client';

/** Page cache for bulk writes, in KiB (SQLite's negative `cache_size`). */
export const WRITE_CACHE_KIB = 256 * 1024;

export function withWriteCache<T>(db: DB, fn: () => T): T {
  const before = db.$client.pragma('cache_size', { simple: true }) as number;
  // Negative sizes are KiB (better-sqlite3's default is -16000); a nested bulk write keeps the outer one's.
  if (before <= -WRITE_CACHE_KIB) return fn();
  db.$client.pragma(`cache_size = -${WRITE_CACHE_KIB}`);
  try {
    return fn();
  } finally {
    db.$client.pragma(`cache_size = ${before}`);
  }
}
