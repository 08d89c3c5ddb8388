/**
 * GPU settings after the harness is SIGKILLed (nothing can run inside it): the original settings
 * it saved to the job directory's gpu-restore.json before changing any knob are restored
 *  - by the point runner, when the harness alone was killed;
 *  - by the worker, when a cancel went unanswered and the worker killed the whole job.
 * The fake nvidia-smi log of the point shows the reset (-rgc, -pl <original>), and the point's
 * reason says who restored what.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelSweep, createSweep, getPoints } from '@/db/queries/sweeps';
import { startWorker } from '@/lib/jobs/worker';
import { JOB_FILES } from '@/lib/executors/point-spec';
import { readExit } from '@/lib/jobs/ingest';
import { startSimServer, type SimServer } from '@/lib/runner/sim/server';
import { ROOT, tinySpec, tmpSetup, waitFor, waitSweepEnd } from './helpers';

const { dir, db } = tmpSetup('gpu-restore');
const ac = new AbortController();
const logs: string[] = [];
let worker: ReturnType<typeof startWorker>;
let sim: SimServer; // a device that outlives the job, for the real-hardware path (endpoint server)

beforeAll(async () => {
  sim = await startSimServer({ port: 0, timeScale: 1, maxNumSeqs: 64 });
  // Read at launch by the worker (buildPointSpec) and inherited by the local job (fake nvidia-smi).
  process.env.JOULEBENCH_NVIDIA_SMI = path.join(ROOT, 'bin/fake-nvidia-smi');
  process.env.JOULEBENCH_SIM_URL = sim.url;
  worker = startWorker({
    db,
    signal: ac.signal,
    jobRoot: path.join(dir, 'jobs'),
    pollMs: 150,
    killAfterMs: 1500,
    log: (m) => logs.push(m),
  });
});
afterAll(async () => {
  ac.abort();
  await worker?.stopped;
  await sim?.close();
});

const smiLines = (jobDir: string) => {
  try {
    return fs.readFileSync(path.join(jobDir, JOB_FILES.smiLog), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};
/** The knob commands after the last lock: what restored the card. */
const afterLock = (jobDir: string) => {
  const lines = smiLines(jobDir);
  return lines.slice(lines.findLastIndex((l) => / -lgc /.test(l)) + 1).join('\n');
};
const slow = { requests: 100_000, concurrency: 2, input_len: 64, output_len: 64 };

describe('GPU settings after SIGKILL', () => {
  it('harness SIGKILLed mid-point: the point runner restores from gpu-restore.json and says so', async () => {
    const s = createSweep(
      db,
      tinySpec({
        name: 'harness killed',
        grid: { sm_clock_mhz: [1500], power_limit_w: [450] },
        workload: slow,
        time_scale: 1,
      }),
    );
    const p = await waitFor(
      'point measuring',
      () => getPoints(db, s.id).find((x) => x.phase === 'measuring' && x.jobDir),
      60_000,
    );
    await waitFor('clock locked', () => smiLines(p.jobDir!).some((l) => / -lgc 1500,1500/.test(l)), 60_000);
    const restoreFile = path.join(p.jobDir!, JOB_FILES.restore);
    expect(JSON.parse(fs.readFileSync(restoreFile, 'utf8'))).toMatchObject({
      gpus: [0],
      clocks_locked: true,
      power_limits: [{ gpu: 0, original_w: 700, set_w: 450 }],
    });
    const harnessPid = Number(fs.readFileSync(path.join(p.jobDir!, JOB_FILES.harnessPid), 'utf8'));
    process.kill(harnessPid, 'SIGKILL');

    await waitSweepEnd(db, s.id, 60_000);
    const [q] = getPoints(db, s.id);
    expect(q.state).toBe('failed');
    expect(q.reason).toMatch(
      /^harness killed by SIGKILL: .*; GPU settings restored by the point runner from gpu-restore\.json: SM clocks reset on GPU 0, power limit 700 W on GPU 0$/,
    );
    expect(afterLock(p.jobDir!)).toMatch(/-i 0 -rgc\n.*-i 0 -pl 700$/);
    expect(fs.existsSync(restoreFile)).toBe(false);
    expect(readExit(p.jobDir!)?.gpu_restore).toMatchObject({ status: 'restored', by: 'point runner' });
  }, 120_000);

  it('cancel unanswered, job killed by the worker: the worker restores from gpu-restore.json and says so', async () => {
    // A real-hardware point (GPUs outlive the job): the endpoint is the test's simulated device,
    // reached through the fake nvidia-smi as JOULEBENCH_NVIDIA_SMI.
    const s = createSweep(
      db,
      tinySpec({
        name: 'killed after cancel',
        simulated: false,
        server: { kind: 'endpoint', url: sim.url },
        power: 'nvidia-smi',
        grid: { sm_clock_mhz: [1500], power_limit_w: [450] },
        workload: slow,
      }),
    );
    const p = await waitFor(
      'point measuring',
      () => getPoints(db, s.id).find((x) => x.phase === 'measuring' && x.jobDir),
      60_000,
    );
    await waitFor('clock locked', () => smiLines(p.jobDir!).some((l) => / -lgc 1500,1500/.test(l)), 60_000);
    await waitFor('knobs applied', () => fs.existsSync(path.join(p.jobDir!, JOB_FILES.restore)), 10_000);
    // A harness that cannot answer the cancel (stopped): the worker kills the job after killAfterMs.
    const harnessPid = Number(fs.readFileSync(path.join(p.jobDir!, JOB_FILES.harnessPid), 'utf8'));
    process.kill(harnessPid, 'SIGSTOP');
    cancelSweep(db, s.id);

    await waitSweepEnd(db, s.id, 60_000);
    const [q] = getPoints(db, s.id);
    expect(q.state).toBe('cancelled');
    expect(q.reason).toBe(
      'cancelled by user; killed 2 s after the cancel; GPU settings restored by the worker from gpu-restore.json: SM clocks reset on GPU 0, power limit 700 W on GPU 0',
    );
    expect(logs.join('\n')).toContain(`point ${q.id}: still running 1500 ms after cancel, killing`);
    expect(readExit(p.jobDir!)).toBeNull(); // the runner was killed too: only the worker could restore
    expect(afterLock(p.jobDir!)).toMatch(/-i 0 -rgc\n.*-i 0 -pl 700$/);
    const knobs = ((await (await fetch(`${sim.url}/sim/state`)).json()) as { knobs: object }).knobs;
    expect(knobs).toMatchObject({ power_limit_w: 700, sm_clock_mhz_max: null });
  }, 120_000);
});
