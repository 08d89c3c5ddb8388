// Lowers the scheduling priority of the calling thread only (Linux), so that CPU-heavy background
// work (an import's parsing and commit in its worker thread) yields to the thread that answers
// requests when both want the same core, and uses whatever is idle otherwise.
// On Linux every thread is a task with its own id and nice value: setpriority(PRIO_PROCESS, tid)
// changes that thread alone, which is what os.setPriority does when given the thread's id.
// Best effort: elsewhere (no /proc/thread-self) it returns null and changes nothing.
const fs = require('node:fs');
const os = require('node:os');

const BACKGROUND_NICE = 10;

/** The calling thread's Linux task id, or null where /proc/thread-self does not exist. */
function threadId() {
  try {
    const m = /\/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Sets the calling thread's nice value to `nice` (default 10); returns its task id, or null. */
function lowerThreadPriority(nice = BACKGROUND_NICE) {
  const tid = threadId();
  if (tid === null) return null;
  try {
    // Never raise a priority: a nicer process keeps its own setting.
    if (os.getPriority(tid) < nice) os.setPriority(tid, nice);
    return tid;
  } catch {
    return null;
  }
}

module.exports = { lowerThreadPriority, threadId, BACKGROUND_NICE };
