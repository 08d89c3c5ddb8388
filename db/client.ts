/**
 * One better-sqlite3 connection per process, opened lazily (so `next build` never opens the DB),
 * with WAL, foreign keys and a busy timeout (the web process and the worker both write).
 * Migrations are applied on open.
 */
import 'server-only';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { seedDemoIfEmpty } from './seed';
import { env, repoRoot } from '@/lib/env';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function migrationsFolder(): string {
  return path.join(repoRoot(), 'db', 'migrations');
}

/** JOULEBENCH_DB, else data/joulebench.db in the checkout: the CLI run from any directory and the web server share it. */
export function dbPath(): string {
  return path.resolve(/*turbopackIgnore: true*/ env('JOULEBENCH_DB') ?? path.join(repoRoot(), 'data', 'joulebench.db'));
}

const BUSY_TIMEOUT_MS = 15_000;

/** Runs fn, retrying a few times when SQLite answers SQLITE_BUSY despite the busy timeout (it does
 *  so at once, without waiting, when waiting could deadlock, e.g. a read-to-write upgrade). */
export function retryBusy<T>(fn: () => T, attempts = 10): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (e) {
      if (attempt >= attempts || !String((e as { code?: string }).code ?? '').startsWith('SQLITE_BUSY')) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 + 100 * attempt);
    }
  }
}

/** Opens (and migrates) a database file, or ':memory:' for tests. */
export function openDb(file: string): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  // The busy timeout is set at open (constructor option), before anything that may need a lock:
  // switching a fresh file to WAL needs an exclusive one, and the other process may be in the
  // middle of migrating or seeding it on a loaded machine. Transactions are short otherwise.
  const sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  retryBusy(() => sqlite.pragma('journal_mode = WAL'));
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema }) as DB;
  migrateWithRetry(db);
  return db;
}

/**
 * The web server and the worker open the same file at start; on a fresh database both may try
 * to apply the migrations at once. The loser's transaction fails (busy snapshot, or "already
 * exists" for the objects the winner created): wait and retry, and it finds them applied.
 */
function migrateWithRetry(db: DB) {
  for (let attempt = 0; ; attempt++) {
    try {
      migrate(db, { migrationsFolder: migrationsFolder() });
      return;
    } catch (e) {
      if (attempt >= 10) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100 + 100 * attempt);
    }
  }
}

const g = globalThis as unknown as { __joulebenchDb?: DB; __joulebenchDbPath?: string };

/** The process-wide database (cached on globalThis so dev-mode HMR does not reopen it). */
export function getDb(): DB {
  const file = dbPath();
  if (!g.__joulebenchDb || g.__joulebenchDbPath !== file) {
    const db = openDb(file);
    // First start on an empty database: load the demo study (JOULEBENCH_DEMO=0 skips it).
    try {
      retryBusy(() => seedDemoIfEmpty(db));
    } catch (e) {
      db.$client.close();
      throw e;
    }
    g.__joulebenchDb = db;
    g.__joulebenchDbPath = file;
  }
  return g.__joulebenchDb;
}
