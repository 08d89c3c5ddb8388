/**
 * Slurm end states the single-node test cluster cannot produce on demand (TIMEOUT needs a
 * minute-granular time limit to expire, NODE_FAIL a dying node): the scontrol parsing for each,
 * and what the worker makes of them, with a stub executor in place of sbatch. The real cluster
 * is exercised in slurm.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweep, getPoints } from '@/db/queries/sweeps';
import { listRuns } from '@/db/queries/runs';
import { slurmPollResult } from '@/lib/executors/slurm';
import { JOB_FILES } from '@/lib/executors/point-spec';
import type { Executor, PollResult } from '@/lib/executors/types';
import { startWorker } from '@/lib/jobs/worker';
import { tinySpec, tmpSetup, waitSweepEnd } from './helpers';

const line = (state: string, extra = '') =>
  `JobId=42 JobName=jb-s1-p1-a1 UserId=root(0) JobState=${state} Reason=None Dependency=(null) ExitCode=0:15 RunTime=00:01:02 TimeLimit=00:01:00 ${extra}`;

describe('scontrol -o show job -> point outcome', () => {
  it.each([
    ['TIMEOUT', /hit its time limit/],
    ['NODE_FAIL', /node failure/],
    ['CANCELLED', /was cancelled/],
    ['OUT_OF_MEMORY', /out of memory/],
    ['PREEMPTED', /preempted/],
    ['FAILED', /failed \(ExitCode=0:15/],
  ])('%s ends the job with a reason', (state, why) => {
    const r = slurmPollResult(line(state), '42');
    expect(r.status).toBe('ended');
    expect(r.finalState).toBe(state);
    expect(r.endReason).toMatch(why);
  });
  it('pending and running jobs stay active, with the scheduler reason as the phase', () => {
    expect(slurmPollResult(line('PENDING').replace('Reason=None', 'Reason=Resources'), '42')).toEqual({
      status: 'active',
      phase: 'PENDING (Resources) job 42',
    });
    expect(slurmPollResult(line('RUNNING'), '42').status).toBe('active');
    expect(slurmPollResult(line('CANCELLED+'), '42').finalState).toBe('CANCELLED');
  });
});

/** A stub Slurm: every job "runs" for one poll, then ends in the given state. */
function stubSlurm(finalState: string, leaveExit?: object): Executor & { started: number } {
  const polls = new Map<string, number>();
  const ex = {
    kind: 'slurm' as const,
    capacity: 4,
    started: 0,
    async start(jobDir: string) {
      fs.mkdirSync(jobDir, { recursive: true });
      // What the point runner leaves when Slurm's SIGTERM at the time limit reaches it.
      if (leaveExit) fs.writeFileSync(path.join(jobDir, JOB_FILES.exit), JSON.stringify(leaveExit));
      ex.started++;
      return `slurm:${1000 + ex.started}`;
    },
    async poll(id: string): Promise<PollResult> {
      const n = (polls.get(id) ?? 0) + 1;
      polls.set(id, n);
      return n < 2 ? { status: 'active', phase: 'RUNNING job' } : slurmPollResult(line(finalState), id.slice(6));
    },
    async cancel() {},
  };
  return ex;
}

describe('worker: Slurm jobs that end without a result', () => {
  const { dir, db } = tmpSetup('slurm-states');
  const ac = new AbortController();
  afterAll(() => ac.abort());

  it('TIMEOUT and NODE_FAIL fail the point with the reason; nothing is stored', async () => {
    for (const [state, why, exit] of [
      ['TIMEOUT', /hit its time limit/, { status: 'cancelled', reason: 'cancelled (SIGTERM)' }],
      ['NODE_FAIL', /node failure/, undefined],
    ] as const) {
      const slurm = stubSlurm(state, exit);
      const inner = new AbortController();
      const w = startWorker({
        db,
        signal: inner.signal,
        jobRoot: path.join(dir, `jobs-${state}`),
        pollMs: 50,
        executors: { slurm },
        log: () => {},
      });
      const s = createSweep(db, tinySpec({ name: `stub ${state}`, executor: 'slurm', grid: { sm_clock_mhz: [1410] } }));
      const end = await waitSweepEnd(db, s.id, 20_000);
      inner.abort();
      await w.stopped;
      const [p] = getPoints(db, s.id);
      expect(end.state).toBe('failed');
      expect(p.state).toBe('failed');
      expect(p.reason).toMatch(why);
      expect(slurm.started).toBe(1);
      expect(listRuns(db, { study: s.studyId! }).total).toBe(0);
    }
  }, 60_000);
});

describe('worker: a job submitted just before its worker died', () => {
  const { dir, db } = tmpSetup('slurm-orphan');
  it('is found by its job name and adopted, not submitted a second time', async () => {
    const q = await import('@/db/queries/sweep-queue');
    const { pointJobName } = await import('@/lib/jobs/worker');
    const s = createSweep(db, tinySpec({ name: 'orphan', executor: 'slurm', grid: { sm_clock_mhz: [1410] } }));
    // A worker claims the point, submits, and dies before recording the job id (lease 1 ms).
    const p = q.claimNext(db, 'dead-worker', 'slurm', 1, (x) => path.join(dir, `p${x.id}`))!;
    expect(p).toBeTruthy();
    // Its lease has run out (set, rather than slept past: no timing in the test).
    db.$client.prepare('UPDATE sweep_points SET lease_until = 0 WHERE id = ?').run(p.id);
    const slurm = stubSlurm('FAILED');
    const names: string[] = [];
    slurm.findByName = async (name) => (names.push(name), 'slurm:4242');
    const inner = new AbortController();
    const w = startWorker({ db, signal: inner.signal, jobRoot: dir, pollMs: 50, executors: { slurm }, log: () => {} });
    await waitSweepEnd(db, s.id, 20_000);
    inner.abort();
    await w.stopped;
    expect(names).toEqual([pointJobName(p)]);
    expect(slurm.started).toBe(0); // adopted, never resubmitted
    const [end] = getPoints(db, s.id);
    expect(end.externalId).toBe('slurm:4242');
    expect(end.reason).toMatch(/Slurm job 4242 failed/);
  }, 30_000);
});
