/**
 * Background threads yield the CPU to the request thread (lib/services/thread-priority.cjs): a
 * worker that lowers its priority gets nice 10 for itself alone; the thread that serves requests
 * keeps its own. Read back from the kernel (/proc), not from our own bookkeeping.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { threadId, BACKGROUND_NICE } = require('../../lib/services/thread-priority.cjs');
const MODULE = path.resolve(__dirname, '../../lib/services/thread-priority.cjs');

/** The nice value of one task of this process, as the kernel reports it (stat field 19). */
function niceOf(tid: number): number {
  const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[16]);
}

test.runIf(process.platform === 'linux')('a worker lowers its own thread to nice 10, no other thread', async () => {
  const own = threadId();
  expect(own).toBeGreaterThan(0);
  const before = niceOf(own);
  const w = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const { lowerThreadPriority } = require(${JSON.stringify(MODULE)});
     parentPort.postMessage(lowerThreadPriority());
     parentPort.once('message', () => process.exit(0));`,
    { eval: true },
  );
  const tid = await new Promise<number>((resolve) => w.once('message', resolve));
  expect(tid).not.toBe(own);
  expect(niceOf(tid)).toBe(Math.max(BACKGROUND_NICE, before));
  expect(niceOf(own)).toBe(before);
  w.postMessage('done');
  await new Promise((r) => w.once('exit', r));
});
