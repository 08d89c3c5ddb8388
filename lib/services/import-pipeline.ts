/**
 * A CLI import on two threads: a second thread reads a large streamed file and prepares its rows
 * (lib/services/import-pipeline-worker.cjs) while this thread inserts them in the commit's
 * transaction. Per run, reading and preparing cost about as much as inserting (docs/benchmarks.md,
 * fourteenth session), so the two overlap on a machine with two cores.
 *
 * The commit stays synchronous: this thread takes each batch with receiveMessageOnPort and waits
 * for the next one on a shared counter (Atomics.wait), so the transaction is never left open
 * across the event loop. The other thread stays at most eight batches (of 1,000 runs) ahead.
 *
 * Only for a process that has nothing else to do (the CLI): the web server's imports already run
 * in the import thread, at background priority, and a third busy thread would slow its readers.
 */
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { RUN_COLUMN_PROPS } from '@/db/mappers/run-row';
import type { PreparedRun, RunBlob } from '@/db/queries/runs';
import { repoRoot } from '@/lib/env';
import type { StreamedFile } from '@/lib/importers/streamed';
import { ImportError } from '@/lib/importers/types';

/** Files from this size on are read on the second thread; below, starting it costs about what it saves. */
export const PIPELINE_MIN_BYTES = 32 * 1024 * 1024;
/** Values in a row. */
const COLUMNS = RUN_COLUMN_PROPS.length;
/** A reading thread that reads nothing for this long is taken for dead (it reads a 64 KB chunk in ms). */
const STALL_MS = 60_000;

/** A batch as the reading thread sends it (encodeRows in import-pipeline-worker.cjs). */
interface BatchMessage {
  /** Per value, row by row: 0 null, 1 number (in `nums`), 2 string (the next of `strs`). */
  kinds: Uint8Array;
  nums: Float64Array;
  /** The strings, joined, and their lengths in order. */
  strs: string;
  lens: Uint32Array;
  /**
   * The content hashes again, one per line: the import keeps every hash (de-duplication), and a
   * hash cut from `strs` would keep the whole batch's strings alive with it (+400 MB at 1M runs).
   */
  hashes: string;
  /** Rows sent as they are (their kinds are 0). */
  raw: [number, unknown[]][];
  blobs: [number, RunBlob[]][];
  n: number;
  warnings: string[];
  bytes: number;
}
type Message =
  BatchMessage | { done: true } | { error: { file: string; where?: string; reason: string } | { message: string } };

/**
 * The prepared runs of a streamed file, batch by batch, read on a second thread; its warnings and
 * run count are kept up to date on `f` as for f.batches(). A bad line throws its ImportError here.
 */
export function* preparedBatchesInThread(
  f: StreamedFile,
  to: { studyId: number; importId: number; onBytes?: (n: number) => void; stallMs?: number },
): Generator<PreparedRun[]> {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const root = repoRoot();
  const worker = new Worker(path.join(/*turbopackIgnore: true*/ root, 'lib/services/import-pipeline-worker.cjs'), {
    workerData: {
      root,
      port: port2,
      signal,
      file: f.source,
      options: f.options,
      studyId: to.studyId,
      importId: to.importId,
    },
    transferList: [port2],
  });
  worker.unref();
  let taken = 0;
  try {
    for (;;) {
      const m = next(port1, signal, taken, to.stallMs ?? STALL_MS);
      Atomics.store(signal, 1, ++taken);
      Atomics.notify(signal, 1);
      if ('done' in m) return;
      if ('error' in m) throw fileError(f, m.error);
      f.warnings = m.warnings;
      f.runCount += m.n;
      if (m.bytes) to.onBytes?.(m.bytes);
      yield decode(m);
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/**
 * The next message, waiting for the other thread to post it. While this thread waits it cannot
 * hear of the other's death (Worker events need the event loop, and threadId stays set), so a
 * thread that read nothing for stallMs is taken for dead: the import fails instead of hanging.
 */
function next(port: MessagePort, signal: Int32Array, taken: number, stallMs: number): Message {
  let beat = Atomics.load(signal, 2);
  let since = performance.now();
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m) return m.message as Message;
    Atomics.wait(signal, 0, taken, Math.min(1000, stallMs));
    const now = Atomics.load(signal, 2);
    if (now !== beat) [beat, since] = [now, performance.now()];
    else if (performance.now() - since > stallMs)
      throw new Error(`the import's reading thread stopped (nothing read for ${Math.round(stallMs / 1000)} s)`);
  }
}

function fileError(f: StreamedFile, e: { file: string; where?: string; reason: string } | { message: string }) {
  if ('reason' in e) return new ImportError(e.file, e.where, e.reason);
  return new ImportError(f.name, undefined, `could not be read as ${f.format}: ${e.message}`);
}

function decode(m: BatchMessage): PreparedRun[] {
  const { kinds, nums, strs, lens } = m;
  const raw = new Map(m.raw);
  const blobs = new Map(m.blobs);
  const hashes = m.hashes.split('\n');
  const out = new Array<PreparedRun>(m.n);
  let s = 0; // the next string's index in lens
  let pos = 0; // and its start in strs
  for (let i = 0, at = 0; i < m.n; i++) {
    let values = raw.get(i);
    if (values) at += COLUMNS;
    else {
      values = new Array<unknown>(COLUMNS);
      for (let c = 0; c < COLUMNS; c++, at++) {
        const kind = kinds[at];
        if (kind === 1) values[c] = nums[at];
        else if (kind === 2) values[c] = strs.slice(pos, (pos += lens[s++]));
        else values[c] = null;
      }
    }
    const b = blobs.get(i);
    out[i] = { hash: hashes[i], values, ...(b ? { blobs: () => b } : {}) };
  }
  return out;
}
