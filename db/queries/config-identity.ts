/**
 * The part of a run's configuration identity that the explorer's in-memory columns do not hold:
 * GPU count, engine version, free-form knobs and the workload's dataset (lib/configs/group.ts
 * groups on these too). Read by id for runs not seen before and then kept per connection: a run's
 * identity never changes (ids are AUTOINCREMENT, never reused; moves and deletes do not edit a
 * run's record), so a configuration view reads each run's identity at most once per process.
 */
import type { DB } from '@/db/client';
import { prepared } from '@/db/queries/prepared';

/** Identity codes by run id; codes index `values` (canonical JSON strings). */
interface IdentityCache {
  byId: Map<number, number>;
  values: string[];
  index: Map<string, number>;
}

const cacheByConn = new WeakMap<object, IdentityCache>();
const CHUNK = 1000;

/** Canonical JSON of the free-form knobs (sorted keys), read from stored JSON text. */
function canonicalKnobs(json: unknown): string {
  if (typeof json !== 'string') return '';
  const v = JSON.parse(json) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return '';
  const o = v as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

function cacheOf(db: DB): IdentityCache {
  let c = cacheByConn.get(db.$client);
  if (!c) cacheByConn.set(db.$client, (c = { byId: new Map(), values: [], index: new Map() }));
  return c;
}

/** Ids among these whose identity this connection does not hold yet. */
export function unknownIdentityIds(db: DB, ids: ArrayLike<number>): number[] {
  const cache = cacheOf(db);
  const unknown: number[] = [];
  for (let i = 0; i < ids.length; i++) if (!cache.byId.has(ids[i])) unknown.push(ids[i]);
  return unknown;
}

/**
 * The identity key (canonical JSON) of each of these runs, read by id in chunks: [id, key] pairs.
 * Used inline and by the column thread (db/queries/run-columns-thread.ts), which reads a large
 * configuration view's identities off the event loop (~55 µs per run: seconds at 50,000 runs).
 */
export function readIdentityKeys(db: DB, ids: readonly number[]): [number, string][] {
  const stmt = prepared(
    db,
    `SELECT id, gpu_count, json_extract(doc, '$.engine.version'), json_extract(doc, '$.knobs_extra'),
            json_extract(doc, '$.workload.dataset')
       FROM runs WHERE id IN (SELECT value FROM json_each(?))`,
  ).raw(true);
  const out: [number, string][] = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    for (const r of stmt.all(JSON.stringify(ids.slice(i, i + CHUNK))) as unknown[][])
      out.push([r[0] as number, JSON.stringify([r[1], r[2] ?? null, canonicalKnobs(r[3]), r[4] ?? null])]);
  return out;
}

/** Installs identity keys (read here or by the column thread) in this connection's cache. */
export function adoptIdentityKeys(db: DB, pairs: readonly [number, string][]) {
  const cache = cacheOf(db);
  for (const [id, key] of pairs) {
    let code = cache.index.get(key);
    if (code === undefined) {
      code = cache.values.push(key) - 1;
      cache.index.set(key, code);
    }
    cache.byId.set(id, code);
  }
}

/** Identity code of each run id (same order); runs not yet known are read in chunks by id. */
export function configIdentity(db: DB, ids: ArrayLike<number>): Int32Array {
  const unknown = unknownIdentityIds(db, ids);
  if (unknown.length) adoptIdentityKeys(db, readIdentityKeys(db, unknown));
  const cache = cacheOf(db);
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = cache.byId.get(ids[i]) ?? -1;
  return out;
}

/** GPU count held in an identity code (the first element), for labels; null if unknown. */
export function identityGpuCount(db: DB, code: number): number | null {
  const v = cacheByConn.get(db.$client)?.values[code];
  if (!v) return null;
  const n = (JSON.parse(v) as unknown[])[0];
  return typeof n === 'number' ? n : null;
}
