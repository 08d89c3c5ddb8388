/**
 * Large column reads off the event loop. The first read of a scope (a study nobody has opened
 * since the server started, or since runs were deleted or moved), and a metric not read yet, scan
 * the runs table: ~1.5-4 s at 1M runs, during which one better-sqlite3 call would hold every other
 * request of the process. Before computing a view, the routes ask for its columns here: when the
 * read is large, a worker thread (run-columns-worker.cjs) reads the scope on its own connection
 * and the arrays are handed over (transferred, not copied) into the same per-connection cache the
 * synchronous path uses (run-columns.ts). That path then only checks the epoch and reads the runs
 * appended meanwhile. Small reads stay inline: a thread hop costs more than they do.
 */
import type { DB } from '@/db/client';
import { DbWorker, dbFileOf } from '@/lib/db-worker';
import { adoptIdentityKeys, unknownIdentityIds } from './config-identity';
import { processWide } from '@/lib/process-wide';
import {
  adoptLateColumns,
  adoptScope,
  scopeReadNeeded,
  type HeldRows,
  type ScopeRead,
  type ScopeSnapshot,
} from './run-columns';

/** Runs below which a read stays inline (~0.1 s at 1M-run speeds). */
export const THREAD_MIN_RUNS = 50_000;

/** A whole scope, or late columns over rows a scope holds (null: the runs changed meanwhile). */
type Job =
  | { kind: 'full'; study: number | 'all'; numeric: string[] }
  | { kind: 'late'; held: HeldRows; columns: string[] }
  | { kind: 'identity'; ids: number[] };

/** Reads sent to the thread, by kind (tests check that concurrent requests share one). */
export const threadReads = processWide('run-columns-thread-reads', () => ({ full: 0, late: 0, identity: 0 }));

/** Runs whose configuration identity is read inline below this (~0.1 s); above, in the thread. */
export const IDENTITY_THREAD_MIN_RUNS = 2000;

// One thread per process (lib/process-wide.ts: the page and the API routes are separate bundles).
const worker = processWide('run-columns-worker', () => new DbWorker('db/queries/run-columns-worker.cjs'));
/** Reads in flight per connection and scope: concurrent requests for a cold study share one. */
const inFlight = processWide('run-columns-in-flight', () => new WeakMap<object, Map<string, Promise<void>>>());

function inThread<T>(dbFile: string, job: Job): Promise<T> {
  threadReads[job.kind]++;
  return worker.request<T>(dbFile, { job });
}

/** The read in the worker, its result installed in this connection's cache. */
async function readAndAdopt(db: DB, file: string, study: number | 'all', need: Exclude<ScopeRead, { kind: 'append' }>) {
  if (need.kind === 'full')
    adoptScope(db, await inThread<ScopeSnapshot>(file, { kind: 'full', study, numeric: need.columns }));
  else {
    const nums = await inThread<[string, Float64Array][] | null>(file, {
      kind: 'late',
      held: need.held,
      columns: need.columns,
    });
    if (nums) adoptLateColumns(db, need.held, nums);
  }
}

/**
 * Starts the worker when the database is large enough to need it, so the first cold read does not
 * also wait for the thread to load its modules (~1.5 s on a 2-core VM). Idle, it keeps nothing
 * alive: the process can exit.
 */
export function startColumnsThreadIfLarge(db: DB, minRuns = THREAD_MIN_RUNS) {
  const file = dbFileOf(db);
  if (!file || worker.running) return;
  const [runs] = db.$client.prepare('SELECT coalesce(sum(n), 0) FROM run_groups').raw(true).get() as [number];
  if (runs >= minRuns) worker.start(file).unref();
}

/**
 * Makes sure `db` holds the scope with these columns, reading it in the worker thread when that
 * is a large read. Returns whether the thread read it. Never fails a request: if the thread
 * fails, the synchronous path reads the scope as before (and the error is logged).
 */
export async function warmScopeOffThread(
  db: DB,
  study: number | 'all',
  numeric: string[],
  opts: { minRuns?: number } = {},
): Promise<boolean> {
  const file = dbFileOf(db);
  if (!file) return false;
  let byScope = inFlight.get(db.$client);
  if (!byScope) inFlight.set(db.$client, (byScope = new Map()));
  const key = String(study);
  let used = false;
  // A read already in flight may not hold every column asked for: check again once it lands (at
  // most twice, so a stream of imports cannot keep a request waiting).
  for (let round = 0; round < 2; round++) {
    const busy = byScope.get(key);
    if (busy) {
      await busy;
      continue;
    }
    const min = opts.minRuns ?? THREAD_MIN_RUNS;
    const need = scopeReadNeeded(db, study, numeric, min);
    if (need.kind === 'append' || need.runs < min) return used;
    let failed = false;
    const read = readAndAdopt(db, file, study, need)
      .catch((e: Error) => {
        failed = true;
        console.error(`run columns: thread read of scope ${key} failed, reading inline:`, e.message);
      })
      .finally(() => byScope.delete(key));
    byScope.set(key, read);
    await read;
    if (failed) return used;
    used = true;
  }
  return used;
}

/**
 * Reads the configuration identity (db/queries/config-identity.ts) of the runs this connection
 * does not know yet in the worker thread, when there are many: a configuration view's first
 * computation read them inline, ~55 µs per run (2.3 s for 41,000 runs at 1M, holding every other
 * request). Returns whether the thread read them; on failure the view reads them inline as before.
 */
export async function warmIdentityOffThread(
  db: DB,
  ids: ArrayLike<number>,
  opts: { minRuns?: number } = {},
): Promise<boolean> {
  const file = dbFileOf(db);
  const unknown = file ? unknownIdentityIds(db, ids) : [];
  if (!file || unknown.length < (opts.minRuns ?? IDENTITY_THREAD_MIN_RUNS)) return false;
  try {
    adoptIdentityKeys(db, await inThread<[number, string][]>(file, { kind: 'identity', ids: unknown }));
    return true;
  } catch (e) {
    console.error('config identity: thread read failed, reading inline:', (e as Error).message);
    return false;
  }
}
