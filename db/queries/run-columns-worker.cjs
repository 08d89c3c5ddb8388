// Worker thread of db/queries/run-columns-thread.ts (started by lib/db-worker.ts): reads whole
// scopes of run columns, new columns of held ones, or runs' configuration identities, on its own
// SQLite connection, so a first
// read of a large study (1M runs: seconds) never blocks the web server's event loop. Plain
// CommonJS that registers tsx (as bin/joulebench.js does), because the server bundle does not
// contain the sources. The arrays go back transferred, not copied.
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');

require('../../lib/tsx-register.cjs').registerTsx(workerData.root);
const { openDb } = require(path.join(workerData.root, 'db', 'client.ts'));
const { readLateColumns, readScopeSnapshot } = require(path.join(workerData.root, 'db', 'queries', 'run-columns.ts'));
const { readIdentityKeys } = require(path.join(workerData.root, 'db', 'queries', 'config-identity.ts'));

const db = openDb(workerData.dbFile);
/** The typed arrays' buffers, moved to the server thread instead of copied. */
function buffersOf(result) {
  if (!result) return [];
  if (Array.isArray(result)) return result.map(([, a]) => a.buffer);
  return [
    result.id.buffer,
    result.simulated.buffer,
    ...Object.values(result.cats).map((c) => c.codes.buffer),
    ...result.nums.map(([, a]) => a.buffer),
  ];
}

/** A job's result: a scope, late columns, or the configuration identities of runs by id. */
function run(job) {
  if (job.kind === 'full') return readScopeSnapshot(db, job.study, job.numeric);
  if (job.kind === 'late') return readLateColumns(db, job.held, job.columns);
  return readIdentityKeys(db, job.ids);
}

parentPort.on('message', ({ id, job }) => {
  try {
    const result = run(job);
    // Identities are [id, key] pairs: nothing to transfer.
    parentPort.postMessage({ id, ok: true, result }, job.kind === 'identity' ? [] : buffersOf(result));
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: { message: e && e.message ? e.message : String(e) } });
  }
});
