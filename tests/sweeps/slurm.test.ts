/**
 * The Slurm executor against a real single-node cluster (scripts/slurm-dev.sh, fake GPU gres):
 * a simulated sweep runs as one batch job per point; a job cancelled outside Joulebench (scancel)
 * ends "cancelled" with a reason, with GPU settings restored and earlier runs intact.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweep, getPoints } from '@/db/queries/sweeps';
import { listRuns } from '@/db/queries/runs';
import { startWorker } from '@/lib/jobs/worker';
import { JOB_FILES } from '@/lib/executors/point-spec';
import { slurmEnv } from '@/lib/executors/slurm';
import { ROOT, tinySpec, tmpSetup, waitFor, waitSweepEnd } from './helpers';

const hasSlurm = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v sbatch && command -v slurmctld'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
// CI always installs Slurm: there a missing sbatch is a failure, not a skip.
const requireSlurm = !!process.env.CI && !/^(0|false)$/i.test(process.env.CI);
if (!hasSlurm && !requireSlurm)
  console.warn('SKIPPED tests/sweeps/slurm.test.ts: sbatch/slurmctld not on PATH (apt-get install slurm-wlm munge)');

describe.runIf(!hasSlurm && requireSlurm)('slurm executor in CI', () => {
  it('has Slurm installed (CI is set)', () => {
    throw new Error(
      'CI is set but sbatch/slurmctld are not on PATH: install slurm-wlm and munge (scripts/test-all.sh does) instead of skipping the Slurm tests',
    );
  });
});

describe.skipIf(!hasSlurm)('slurm executor (real single-node cluster)', () => {
  const { dir, db } = hasSlurm ? tmpSetup('slurm') : ({} as ReturnType<typeof tmpSetup>);
  const ac = new AbortController();
  const logs: string[] = [];
  beforeAll(() => {
    execFileSync(path.join(ROOT, 'scripts/slurm-dev.sh'), ['start'], { stdio: 'inherit', timeout: 120_000 });
    startWorker({ db, signal: ac.signal, jobRoot: path.join(dir, 'jobs'), pollMs: 200, log: (m) => logs.push(m) });
  }, 130_000);
  afterAll(() => ac.abort());

  it('runs each point as an sbatch job with --gres=gpu:1 and stores the runs', async () => {
    const s = createSweep(
      db,
      tinySpec({
        name: 'slurm 2',
        executor: 'slurm',
        grid: { sm_clock_mhz: [1410, 1980] },
        slurm: { gpus_per_point: 1, time_limit: '10' },
      }),
    );
    const end = await waitSweepEnd(db, s.id, 150_000);
    const pts = getPoints(db, s.id);
    expect(pts.map((p) => [p.state, p.reason])).toEqual([
      ['done', null],
      ['done', null],
    ]);
    expect(end.state).toBe('done');
    expect(pts.every((p) => /^slurm:\d+$/.test(p.externalId ?? ''))).toBe(true);
    const job = execFileSync('scontrol', ['-o', 'show', 'job', pts[0].externalId!.slice(6)], {
      env: slurmEnv(),
      encoding: 'utf8',
    });
    expect(job).toMatch(/gres(\/|:)gpu[:=]1/);
    expect(listRuns(db, { study: s.studyId! }).total).toBe(2);
  }, 160_000);

  it('a job cancelled with scancel outside Joulebench ends cancelled with a reason; knobs restored', async () => {
    const before = listRuns(db, {}).total;
    const s = createSweep(
      db,
      tinySpec({
        name: 'slurm scancel',
        executor: 'slurm',
        grid: { sm_clock_mhz: [1410] },
        workload: { requests: 40, concurrency: 2, input_len: 64, output_len: 64 },
        time_scale: 1,
      }),
    );
    const p = await waitFor(
      'point measuring',
      () => getPoints(db, s.id).find((x) => x.phase === 'measuring' && x.externalId),
      90_000,
    );
    await waitFor(
      'clock locked',
      () => {
        try {
          return /-lgc/.test(fs.readFileSync(path.join(p.jobDir!, JOB_FILES.smiLog), 'utf8'));
        } catch {
          return false;
        }
      },
      60_000,
    );
    execFileSync('scancel', [p.externalId!.slice(6)], { env: slurmEnv() });
    await waitSweepEnd(db, s.id, 90_000);
    const [q] = getPoints(db, s.id);
    expect(q.state).toBe('cancelled');
    expect(q.reason).toMatch(/cancelled.*outside Joulebench/);
    expect(fs.readFileSync(path.join(p.jobDir!, JOB_FILES.smiLog), 'utf8').trim().split('\n').at(-1)).toMatch(/-rgc/);
    expect(listRuns(db, {}).total).toBe(before); // earlier runs intact, none added
  }, 160_000);
});
