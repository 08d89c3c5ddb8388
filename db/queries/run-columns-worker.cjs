// Worker thread of db/queries/run-columns-thread.ts (started by lib/db-worker.ts): reads whole
// scopes of run columns, or new columns of held ones, on its own SQLite connection, so a first
// read of a large study (1M runs: seconds) never blocks the web server's event loop. Plain
// CommonJS that registers tsx (as bin/joulebench.js does), because the server bundle does not
// contain the sources. The arrays go back transferred, not copied.
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');

require('../../lib/tsx-register.cjs').registerTsx(workerData.root);
const { openDb } = require(path.join(workerData.root, 'db', 'client.ts'));
const { readLateColumns, readScopeSnapshot } = require(path.join(workerData.root, 'db', 'queries', 'run-columns.ts'));

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

parentPort.on('message', ({ id, job }) => {
  try {
    const result =
      job.kind === 'full' ? readScopeSnapshot(db, job.study, job.numeric) : readLateColumns(db, job.held, job.columns);
    parentPort.postMessage({ id, ok: true, result }, buffersOf(result));
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: { message: e && e.message ? e.message : String(e) } });
  }
});
