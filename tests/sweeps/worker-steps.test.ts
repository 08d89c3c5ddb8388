/**
 * The named steps of the sweep worker (lib/jobs/ending.ts, lib/jobs/progress.ts): how an ended
 * job without a run is recorded (first cause first), and reading a growing progress.jsonl.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pointEnding, type JobEnd } from '@/lib/jobs/ending';
import { parseProgress, readNewLines } from '@/lib/jobs/progress';

const base: JobEnd = {
  exit: null,
  poll: { status: 'ended' },
  userCancel: false,
  gpu: undefined,
  wasKilled: false,
  killAfterMs: 45_000,
};
const byWorker = { status: 'restored' as const, by: 'worker' as const, detail: 'restored 1 setting' };

describe('pointEnding', () => {
  it('a user cancel wins, and says what became of the GPU settings', () => {
    expect(pointEnding({ ...base, userCancel: true, exit: { status: 'failed', reason: 'x' } })).toEqual({
      state: 'cancelled',
      reason: 'cancelled by user; no GPU setting left changed',
    });
    expect(pointEnding({ ...base, userCancel: true, gpu: byWorker, wasKilled: true }).reason).toBe(
      'cancelled by user; killed 45 s after the cancel; restored 1 setting',
    );
  });

  it('a terminal Slurm state fails the point; a scancel cancels it', () => {
    expect(pointEnding({ ...base, poll: { status: 'ended', finalState: 'TIMEOUT', endReason: 'time limit' } })).toEqual(
      {
        state: 'failed',
        reason: 'time limit',
      },
    );
    expect(pointEnding({ ...base, poll: { status: 'ended', finalState: 'CANCELLED' } })).toEqual({
      state: 'cancelled',
      reason: 'Slurm job cancelled outside Joulebench (e.g. scancel)',
    });
  });

  it("takes the runner's reason, else says the runner was killed", () => {
    expect(
      pointEnding({ ...base, exit: { status: 'failed', reason: 'harness exited with code 2' }, gpu: byWorker }),
    ).toEqual({
      state: 'failed',
      reason: 'harness exited with code 2; restored 1 setting',
    });
    expect(pointEnding({ ...base, exit: { status: 'cancelled' } }).reason).toBe('stopped outside Joulebench: signal');
    expect(pointEnding(base).reason).toBe('the job ended without a result (the point runner was killed)');
  });
});

describe('progress.jsonl', () => {
  it('keeps the last phase and the power samples, skipping partial or foreign lines', () => {
    const text = [
      '{"t":0,"phase":"measuring"}',
      '{"t":1,"power_w":250,"sm_clock_mhz":1410}',
      'garbage',
      '{"t":2,"phase":"done"}',
    ].join('\n');
    expect(parseProgress(text)).toEqual({ phase: 'done', samples: [{ t: 1, power_w: 250, sm_clock_mhz: 1410 }] });
  });

  it('reads only complete lines past the offset', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jb-progress-')), 'progress.jsonl');
    expect(readNewLines(file, 0)).toBeNull(); // not there yet
    fs.writeFileSync(file, '{"t":0}\n{"t":1');
    const first = readNewLines(file, 0)!;
    expect(first).toEqual({ text: '{"t":0}', offset: 8 });
    expect(readNewLines(file, first.offset)).toBeNull(); // the partial line waits
    fs.appendFileSync(file, '}\n');
    expect(readNewLines(file, first.offset)).toEqual({ text: '{"t":1}', offset: 16 });
  });
});
