/** Prepared statements cached per connection and SQL text (the set of query shapes is small). */
import type Database from 'better-sqlite3';
import type { DB } from '@/db/client';
import { processWide } from '@/lib/process-wide';

const stmtCache = processWide('prepared', () => new WeakMap<Database.Database, Map<string, Database.Statement>>());

export function prepared(db: DB, sql: string): Database.Statement {
  let m = stmtCache.get(db.$client);
  if (!m) stmtCache.set(db.$client, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    s = db.$client.prepare(sql);
    if (m.size > 200) m.clear();
    m.set(sql, s);
  }
  return s;
}
