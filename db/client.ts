/**
 * One better-sqlite3 connection per process, opened lazily (so `next build` never opens the DB),
 * with WAL, foreign keys and a busy timeout (the web process and the worker both write).
 * Migrations are applied on open.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { seedDemoIfEmpty } from './seed';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function migrationsFolder(): string {
  return path.join(/*turbopackIgnore: true*/ process.env.JOULEBENCH_ROOT ?? process.cwd(), 'db', 'migrations');
}

export function dbPath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.JOULEBENCH_DB ?? path.join(process.cwd(), "data", "joulebench.db"));
}

/** Opens (and migrates) a database file, or ':memory:' for tests. */
export function openDb(file: string): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
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
    g.__joulebenchDb = openDb(file);
    // First start on an empty database: load the demo study (JOULEBENCH_DEMO=0 skips it).
    seedDemoIfEmpty(g.__joulebenchDb);
    g.__joulebenchDbPath = file;
  }
  return g.__joulebenchDb;
}
