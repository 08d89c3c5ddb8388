/** Helpers shared by the /api/sweeps route handlers (server only). */
import fs from 'node:fs';
import path from 'node:path';

/** The last `max` bytes of a text file ('' when absent). */
export function tailFile(dir: string | null, name: string, max = 64 * 1024): string {
  if (!dir) return '';
  const file = path.join(dir, name);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, max);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
