/** Helpers shared by the /api/sweeps route handlers (server only). */
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '@/lib/errors';
import { readJsonBody } from '@/lib/http';

export function parseIntParam(v: string, what: string): number {
  if (!/^\d{1,12}$/.test(v)) throw new ValidationError(`${what} must be a positive integer (got "${v.slice(0, 40)}")`);
  return Number(v);
}

/** Reads JSON, failing with a 400 that says so. */
export async function readJson(req: Request): Promise<unknown> {
  return readJsonBody(req); // depth and number limits: lib/json-limits.ts
}

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
