/**
 * A string that changes whenever the database may have changed, as seen from this connection:
 * PRAGMA data_version moves on commits by other connections (the worker, an import thread),
 * total_changes() on this one's. Caches keyed by it (counts, explorer views) are never stale.
 */
import type { Statement } from 'better-sqlite3';
import type { DB } from '@/db/client';

const changesStmt = new WeakMap<object, Statement>();

export function dataVersion(db: DB): string {
  let st = changesStmt.get(db.$client);
  if (!st) changesStmt.set(db.$client, (st = db.$client.prepare('SELECT total_changes() AS n')));
  return `${db.$client.pragma('data_version', { simple: true })}:${(st.get() as { n: number }).n}`;
}

/** A small per-connection cache whose entries are dropped as soon as the data version moves. */
export function versionedCache<V>(limit: number) {
  const perConn = new WeakMap<object, { version: string; map: Map<string, V> }>();
  return {
    get(db: DB, key: string, compute: () => V): V {
      const version = dataVersion(db);
      let c = perConn.get(db.$client);
      if (!c || c.version !== version) perConn.set(db.$client, (c = { version, map: new Map() }));
      const hit = c.map.get(key);
      if (hit !== undefined) return hit;
      const v = compute();
      // compute() may itself have written nothing; the version is re-read so a write inside it
      // (none today) could never be cached under the old version.
      if (dataVersion(db) !== version) return v;
      if (c.map.size >= limit) c.map.delete(c.map.keys().next().value as string);
      c.map.set(key, v);
      return v;
    },
    clear(db: DB) {
      perConn.delete(db.$client);
    },
  };
}
