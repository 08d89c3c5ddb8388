// Second thread of a CLI import (lib/services/import-pipeline.ts): reads a streamed file (parse,
// validate, batch fields, consistency check) and prepares its rows (content hash, SQL values),
// while the main thread inserts the previous batch. Plain CommonJS that registers tsx, as
// bin/joulebench.js does.
//
// Protocol, on workerData.port and the shared Int32Array workerData.signal:
//   signal[0] = messages posted (bumped after each postMessage, then notified),
//   signal[1] = messages the main thread has taken; at most AHEAD batches wait untaken,
//   signal[2] = a heartbeat, bumped per chunk read: the main thread cannot see this thread die
//               while it waits (Worker events need its event loop), so it watches this instead.
// Messages: { rows, docs, raw, blobs, n, warnings, bytes } per batch, then { done: true } or { error }.
const path = require('node:path');
const { workerData } = require('node:worker_threads');

const { port, signal, file, options, studyId, importId } = workerData;
const AHEAD = 8;
// Runs per batch: 1,000 rather than the 5,000 of a one-thread read. A batch's records live until it
// is posted, and 5,000 of them outgrow V8's young generation, so all were copied to the old one:
// reading cost about 50 us a run instead of 42 (Node 20, 2-core VM).
const BATCH_RUNS = 1000;
let posted = 0;

function post(msg) {
  for (let taken = Atomics.load(signal, 1); posted - taken >= AHEAD; taken = Atomics.load(signal, 1))
    Atomics.wait(signal, 1, taken, 1000);
  port.postMessage(msg);
  Atomics.store(signal, 0, ++posted);
  Atomics.notify(signal, 0);
}

/** JSON keeps numbers only when finite and not -0: other rows travel as they are. */
const jsonSafe = (values) => values.every((v) => typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0)));

let ImportError = class {};
try {
  require('../tsx-register.cjs').registerTsx(workerData.root);
  const req = (...p) => require(path.join(workerData.root, ...p));
  const { openStreamedFile } = req('lib', 'importers', 'streamed.ts');
  ({ ImportError } = req('lib', 'importers', 'types.ts'));
  const { recordToValues, RUN_COLUMN_PROPS } = req('db', 'mappers', 'run-row.ts');
  const DOC = RUN_COLUMN_PROPS.indexOf('doc');
  const { recordBlobs } = req('db', 'queries', 'runs', 'insert.ts');

  const streamed = openStreamedFile(file, { ...options, minBytes: -1, batchRuns: BATCH_RUNS });
  if (!streamed) throw new Error('this file cannot be read in batches');
  let bytes = 0;
  const heard = (n) => {
    bytes += n;
    Atomics.add(signal, 2, 1);
  };
  for (const runs of streamed.batches(heard)) {
    const rows = [];
    const docs = [];
    const raw = [];
    const blobs = [];
    runs.forEach((r, i) => {
      const { hash, values } = recordToValues(r, studyId, importId, null);
      docs.push(values[DOC]);
      values[DOC] = null;
      if (jsonSafe(values)) rows.push(hash, values);
      else {
        rows.push(hash, null);
        raw.push([i, values]);
      }
      if (r.trace || r.requests) blobs.push([i, recordBlobs(r)]);
    });
    // One JSON string per batch: cheaper for the main thread to read than a structured clone of
    // a batch of arrays of 60 values (the same bytes as UTF-8, handed over without a copy, were no faster).
    // Each doc is JSON text already: they travel apart, one per line (JSON text has no raw newline),
    // so that neither thread escapes and unescapes its quotes again.
    post({
      rows: JSON.stringify(rows),
      docs: docs.join('\n'),
      raw,
      blobs,
      n: runs.length,
      warnings: streamed.warnings,
      bytes,
    });
    bytes = 0;
  }
  post({ done: true });
} catch (e) {
  post({
    error:
      e instanceof ImportError
        ? { file: e.file, where: e.where, reason: e.reason }
        : { message: e && e.message ? e.message : String(e) },
  });
}
