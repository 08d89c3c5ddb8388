/**
 * Reading a point's progress.jsonl as it grows: the worker keeps an offset per point attempt and
 * reads only complete lines past it (at most 1 MiB a tick); phases and live power samples go to
 * SQLite.
 */
import fs from 'node:fs';

export type LiveSample = { t: number; power_w?: number | null; sm_clock_mhz?: number | null };

/** The last phase and the power samples in complete progress lines; partial or foreign lines are skipped. */
export function parseProgress(text: string): { phase: string | null; samples: LiveSample[] } {
  const samples: LiveSample[] = [];
  let phase: string | null = null;
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as { t: number; phase?: string; power_w?: number; sm_clock_mhz?: number | null };
      if (typeof entry.phase === 'string') phase = entry.phase;
      else if (typeof entry.power_w === 'number') samples.push(entry);
    } catch {
      /* partial or foreign line */
    }
  }
  return { phase, samples };
}

const MAX_READ = 1 << 20;

/**
 * The complete lines of `file` after `offset` (null when there are none yet), and the offset
 * after them.
 */
export function readNewLines(file: string, offset: number): { text: string; offset: number } | null {
  let buf: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return null;
      buf = Buffer.alloc(Math.min(size - offset, MAX_READ));
      fs.readSync(fd, buf, 0, buf.length, offset);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return null;
  return { text: buf.subarray(0, end).toString('utf8'), offset: offset + end + 1 };
}
