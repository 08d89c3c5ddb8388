/**
 * Versions for caches of derived data.
 *  - dataVersion: changes whenever the database may have changed, as seen from this connection:
 *    PRAGMA data_version moves on commits by other connections (the worker, an import thread),
 *    total_changes() on this one's.
 *  - runDataVersion(scope): changes only when what run-derived views of that scope read changed:
 *    one study's runs, or all runs, and the studies' names. Writes elsewhere (an API token's last
 *    use, a session, a sweep's progress) leave it alone, and so does an import into another
 *    study, so they no longer throw away every cached explorer view, count and sensitivity table.
 *    It is re-read only when dataVersion moved.
 * Caches keyed by runDataVersion (counts, explorer views, sensitivity) are never stale.
 */
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { DB } from '@/db/client';
import { prepared } from '@/db/queries/prepared';
import { processWide } from '@/lib/process-wide';

const changesStmt = processWide('data-version-stmt', () => new WeakMap<object, Statement>());

export function dataVersion(db: DB): string {
  let st = changesStmt.get(db.$client);
  if (!st) changesStmt.set(db.$client, (st = db.$client.prepare('SELECT total_changes() AS n')));
  return `${db.$client.pragma('data_version', { simple: true })}:${(st.get() as { n: number }).n}`;
}

/** What a cached value was derived from: one study's runs, or every run of every study. */
export type RunScope = number | 'all';

const runVersionMemo = processWide(
  'run-data-version',
  () => new WeakMap<object, { data: string; byScope: Map<string, string> }>(),
);
/** Scopes remembered per data version (study ids come from requests: bounded). */
const MAX_SCOPES = 1000;

/**
 * The state of a scope's runs in one short string. Every update or delete of any run moves
 * run_epoch (migration 0006 triggers); inserts raise max(id) overall and the study's run count
 * (run_groups, kept in the inserting transaction). One study's scope also covers its own name
 * and demo flag; 'all' covers every study's (legends by study). Index lookups only.
 */
function runFingerprint(db: DB, scope: RunScope): string {
  const epoch = (prepared(db, 'SELECT epoch FROM run_epoch WHERE id = 1').raw(true).get() as [number] | undefined)?.[0];
  if (scope === 'all') {
    const maxId = (prepared(db, 'SELECT max(id) FROM runs').raw(true).get() as [number | null])[0];
    const studies = prepared(db, 'SELECT id, name, is_demo FROM studies ORDER BY id').raw(true).all();
    const h = createHash('sha1').update(JSON.stringify(studies)).digest('base64url');
    return `all:${epoch}:${maxId}:${h}`;
  }
  const n = (
    prepared(db, 'SELECT coalesce(sum(n), 0) FROM run_groups WHERE study_id = ?').raw(true).get(scope) as [number]
  )[0];
  const st = prepared(db, 'SELECT name, is_demo FROM studies WHERE id = ?').raw(true).get(scope);
  return `${scope}:${epoch}:${n}:${JSON.stringify(st ?? null)}`;
}

export function runDataVersion(db: DB, scope: RunScope = 'all'): string {
  const data = dataVersion(db);
  let memo = runVersionMemo.get(db.$client);
  if (!memo || memo.data !== data || memo.byScope.size >= MAX_SCOPES)
    runVersionMemo.set(db.$client, (memo = { data, byScope: new Map() }));
  const key = String(scope);
  let v = memo.byScope.get(key);
  if (v === undefined) {
    v = db.$client.transaction(() => runFingerprint(db, scope))();
    memo.byScope.set(key, v);
  }
  return v;
}

/**
 * A small per-connection LRU cache of run-derived values. Each entry remembers the version of the
 * scope it was computed from and is recomputed once that scope changed: an import into another
 * study leaves a study's cached views alone.
 */
export function versionedCache<V>(name: string, limit: number) {
  const perConn = processWide(`cache.${name}`, () => new WeakMap<object, Map<string, { version: string; value: V }>>());
  return {
    get(db: DB, key: string, compute: () => V, scope: RunScope = 'all'): V {
      const version = runDataVersion(db, scope);
      let m = perConn.get(db.$client);
      if (!m) perConn.set(db.$client, (m = new Map()));
      const hit = m.get(key);
      if (hit && hit.version === version) {
        m.delete(key); // re-inserted: Map order is the LRU order
        m.set(key, hit);
        return hit.value;
      }
      const value = compute();
      // compute() writes nothing; the version is re-read so that a commit by another connection
      // during it can never be cached under the old version.
      if (runDataVersion(db, scope) !== version) return value;
      m.delete(key);
      if (m.size >= limit) m.delete(m.keys().next().value as string);
      m.set(key, { version, value });
      return value;
    },
    /** Whether `get` would answer from the cache now (the LRU order is left as it is). */
    has(db: DB, key: string, scope: RunScope = 'all'): boolean {
      const hit = perConn.get(db.$client)?.get(key);
      return hit !== undefined && hit.version === runDataVersion(db, scope);
    },
    clear(db: DB) {
      perConn.delete(db.$client);
    },
  };
}
