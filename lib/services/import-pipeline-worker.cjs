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
// Messages: per batch { kinds, nums, strs, lens, raw } (encodeRows), plus { hashes, blobs, n,
// warnings, bytes }; then { done: true } or { error }.
const path = require('node:path');
const { workerData } = require('node:worker_threads');

const { port, signal, file, options, studyId, importId } = workerData;
const AHEAD = 8;
// Runs per batch: 1,000 rather than the 5,000 of a one-thread read. A batch's records live until it
// is posted, and 5,000 of them outgrow V8's young generation, so all were copied to the old one:
// reading cost about 50 us a run instead of 42 (Node 20, 2-core VM).
const BATCH_RUNS = 1000;
let posted = 0;

function post(msg, transfer) {
  for (let taken = Atomics.load(signal, 1); posted - taken >= AHEAD; taken = Atomics.load(signal, 1))
    Atomics.wait(signal, 1, taken, 1000);
  port.postMessage(msg, transfer);
  Atomics.store(signal, 0, ++posted);
  Atomics.notify(signal, 0);
}

/**
 * A batch's rows as typed arrays, which travel without being copied: every value's kind (0 null,
 * 1 number, 2 string) and, for a number, the value itself (-0 included), in row-major order; the
 * strings (content hashes, labels, ids, each doc's JSON) joined in one, with their lengths. JSON
 * text cost more to write here and to parse on the other side: numbers were formatted and parsed
 * back. A row with any other kind of value (none today) travels as it is, in `raw`.
 */
function encodeRows(rows, columns) {
  const n = rows.length;
  const kinds = new Uint8Array(n * columns);
  const nums = new Float64Array(n * columns);
  const strs = [];
  const lens = [];
  const raw = [];
  for (let i = 0; i < n; i++) {
    const values = rows[i];
    if (!plainRow(values)) {
      raw.push([i, values]); // its kinds stay 0
      continue;
    }
    for (let c = 0, at = i * columns; c < columns; c++, at++) {
      const v = values[c];
      if (typeof v === 'number') {
        kinds[at] = 1;
        nums[at] = v;
      } else if (typeof v === 'string') {
        kinds[at] = 2;
        strs.push(v);
        lens.push(v.length);
      }
    }
  }
  return { kinds, nums, strs: strs.join(''), lens: Uint32Array.from(lens), raw };
}

const plainRow = (values) => {
  for (const v of values)
    if (v !== null && v !== undefined && typeof v !== 'number' && typeof v !== 'string') return false;
  return true;
};

let ImportError = class {};
try {
  require('../tsx-register.cjs').registerTsx(workerData.root);
  const req = (...p) => require(path.join(workerData.root, ...p));
  const { openStreamedFile } = req('lib', 'importers', 'streamed.ts');
  ({ ImportError } = req('lib', 'importers', 'types.ts'));
  const { recordToValues, RUN_COLUMN_PROPS } = req('db', 'mappers', 'run-row.ts');
  const COLUMNS = RUN_COLUMN_PROPS.length;
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
    const hashes = [];
    const blobs = [];
    runs.forEach((r, i) => {
      const { hash, values } = recordToValues(r, studyId, importId, null);
      hashes.push(hash);
      rows.push(values);
      if (r.trace || r.requests) blobs.push([i, recordBlobs(r)]);
    });
    const enc = encodeRows(rows, COLUMNS);
    post({ ...enc, hashes: hashes.join('\n'), blobs, n: runs.length, warnings: streamed.warnings, bytes }, [
      enc.kinds.buffer,
      enc.nums.buffer,
      enc.lens.buffer,
    ]);
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
