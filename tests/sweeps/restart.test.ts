/**
 * Fault: the worker process is killed (SIGKILL) mid-sweep and a new worker starts. The running
 * point's job survives (detached), the new worker adopts it once the lease expires, and every
 * point ends done with exactly one run; nothing is measured twice.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweep, getPoints } from '@/db/queries/sweeps';
import { startWorker } from '@/lib/jobs/worker';
import { ROOT, tinySpec, tmpSetup, waitFor, waitSweepEnd } from './helpers';

const { dir, dbFile, db } = tmpSetup('restart');
const jobRoot = path.join(dir, 'jobs');
const ac = new AbortController();
afterAll(() => ac.abort());

describe('worker restart', () => {
  it("a killed worker's running point is adopted by the next worker; one run per point", async () => {
    const s = createSweep(db, tinySpec({ name: 'restart', grid: { sm_clock_mhz: [1410, 1980] } }));
    // node --import tsx (not the tsx CLI, which would run the worker in a grandchild we could not SIGKILL)
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/jobs/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, JOULEBENCH_DB: dbFile, JOULEBENCH_JOBS_DIR: jobRoot, JOULEBENCH_WORKER_LEASE_MS: '2000' },
      stdio: 'ignore',
    });
    const running = await waitFor(
      'a launched point',
      () => getPoints(db, s.id).find((p) => p.state === 'running' && p.externalId),
      60_000,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphanPid = Number(/^local:(\d+):/.exec(running.externalId!)![1]);
    expect(() => process.kill(orphanPid, 0)).not.toThrow(); // the job outlived its worker
    expect(getPoints(db, s.id).find((p) => p.id === running.id)!.state).toBe('running');

    const logs: string[] = [];
    const w = startWorker({ db, signal: ac.signal, jobRoot, pollMs: 150, leaseMs: 2000, log: (m) => logs.push(m) });
    const end = await waitSweepEnd(db, s.id, 120_000);
    expect(logs.join('\n')).toContain(`adopted point ${running.id}`);
    expect(end.state).toBe('done');
    const pts = getPoints(db, s.id);
    expect(pts.map((p) => p.state)).toEqual(['done', 'done']);
    expect(pts.find((p) => p.id === running.id)!.attempt).toBe(1); // resumed, not re-run
    const runs = db.$client
      .prepare('SELECT sweep_point_id AS p, count(*) AS n FROM runs GROUP BY sweep_point_id')
      .all() as { p: number; n: number }[];
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.n === 1)).toBe(true);
    ac.abort();
    await w.stopped;
  }, 180_000);
});
