/** Process liveness by pid + start time (so a reused pid or a zombie never counts as alive). */
import fs from 'node:fs';

export function procStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return fields[19] ?? null; // field 22 (starttime) counted from field 3
  } catch {
    return null;
  }
}

export function isAlive(pid: number, startTime?: string): boolean {
  const st = procStartTime(pid);
  return st !== null && (startTime === undefined || st === startTime);
}
