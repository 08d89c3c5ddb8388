/** The Playwright run's port lock (scripts/e2e-port.mjs): two live runs never hold the same port. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockPort } from '../../scripts/e2e-port.mjs';

describe('e2e port lock', () => {
  it('refuses a port a live run holds, and takes over the lock of a run that has ended', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jb-ports-'));
    expect(lockPort(40001, dir)).toBe(true);
    expect(lockPort(40001, dir, 999_999)).toBe(false); // this process (alive) holds it
    const ended = 4_194_305; // above Linux's largest pid_max: no such process
    expect(lockPort(40002, dir, ended)).toBe(true);
    expect(lockPort(40002, dir)).toBe(true); // its owner is gone: taken over
    expect(fs.readFileSync(path.join(dir, '40002', 'pid'), 'utf8')).toBe(String(process.pid));
  });
});
