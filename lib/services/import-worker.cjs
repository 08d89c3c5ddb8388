// Worker thread of lib/services/import-thread.ts: parses and commits uploads (or previews them) on
// its own SQLite connection, so a large import never blocks the web server's event loop. Plain CommonJS that
// registers tsx (as bin/joulebench.js does), because the server bundle does not contain it.
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const { lowerThreadPriority } = require('./thread-priority.cjs');

// An import is background work: readers of the dashboard go first when they want the same core.
lowerThreadPriority();

require('../tsx-register.cjs').registerTsx(workerData.root);
const { openDb } = require(path.join(workerData.root, 'db', 'client.ts'));
const { importUpload, previewUpload } = require(path.join(workerData.root, 'lib', 'services', 'import.ts'));

const db = openDb(workerData.dbFile);
parentPort.on('message', (job) => {
  try {
    const result =
      job.kind === 'preview' ? previewUpload(db, job.files, job.opts) : importUpload(db, job.files, job.opts);
    parentPort.postMessage({ id: job.id, ok: true, result });
  } catch (e) {
    parentPort.postMessage({
      id: job.id,
      ok: false,
      error: { code: e && e.code, message: e && e.message ? e.message : String(e) },
    });
  }
});
