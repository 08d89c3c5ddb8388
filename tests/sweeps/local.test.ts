/**
 * The local executor end to end on the simulated device: real point runner, real sim-server, the
 * fake nvidia-smi and the real harness (`joulebench measure`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cancelSweep, createSweep, getPoints, retryPoints } from '@/db/queries/sweeps';
import { getRun, listRuns } from '@/db/queries/runs';
import { startWorker } from '@/lib/jobs/worker';
import { JOB_FILES } from '@/lib/executors/point-spec';
import { tinySpec, tmpSetup, waitFor, waitSweepEnd } from './helpers';

const { dir, db } = tmpSetup('local');
const ac = new AbortController();
const logs: string[] = [];
const worker = startWorker({
  db,
  signal: ac.signal,
  jobRoot: path.join(dir, 'jobs'),
  pollMs: 150,
  log: (m) => logs.push(m),
});
afterAll(async () => {
  ac.abort();
  await worker.stopped;
});

function smiLogHas(dir: string, re: RegExp): boolean {
  try {
    return re.test(fs.readFileSync(path.join(dir, JOB_FILES.smiLog), 'utf8'));
  } catch {
    return false;
  }
}

describe('local executor, simulated', () => {
  it('runs a 2x2 sweep: four points done, four runs in the study, knobs applied and restored', async () => {
    const s = createSweep(db, tinySpec({ name: 'local 2x2' }));
    const end = await waitSweepEnd(db, s.id);
    const pts = getPoints(db, s.id);
    expect(pts.map((p) => [p.state, p.reason])).toEqual(Array(4).fill(['done', null]));
    expect(end.state).toBe('done');
    const { runs, total } = listRuns(db, { study: s.studyId! });
    expect(total).toBe(4);
    for (const p of pts) {
      const run = getRun(db, p.runId!)!;
      expect(run.hardware.simulated).toBe(true);
      expect(run.source).toMatchObject({ kind: 'sweep', sweep_id: s.id, point: p.idx });
      expect(run.knobs.max_num_seqs).toBe(p.knobs.max_num_seqs);
      expect(run.knobs.sm_clock_mhz).toBe(p.knobs.sm_clock_mhz);
      const smiLog = fs.readFileSync(path.join(p.jobDir!, JOB_FILES.smiLog), 'utf8');
      expect(smiLog).toMatch(new RegExp(`-lgc.*${p.knobs.sm_clock_mhz}`));
      expect(smiLog.trim().split('\n').at(-1)).toMatch(/-rgc/);
    }
    expect(new Set(runs.map((r) => r.id)).size).toBe(4);
  }, 150_000);

  it('cancelling a running sweep stops the harness (clocks restored) and cancels queued points', async () => {
    const s = createSweep(
      db,
      tinySpec({
        name: 'to cancel',
        workload: { requests: 30, concurrency: 2, input_len: 64, output_len: 64 },
        time_scale: 1,
      }),
    );
    const p0 = await waitFor('point measuring', () => getPoints(db, s.id).find((p) => p.phase === 'measuring'), 60_000);
    await waitFor('clock locked', () => smiLogHas(p0.jobDir!, /-lgc/), 60_000); // the harness applied the knob
    cancelSweep(db, s.id);
    const end = await waitSweepEnd(db, s.id, 60_000);
    expect(end.state).toBe('cancelled');
    const pts = getPoints(db, s.id);
    const first = pts.find((p) => p.id === p0.id)!;
    expect(first.state).toBe('cancelled');
    expect(first.reason).toMatch(/cancelled by user/);
    for (const p of pts.filter((q) => q.id !== p0.id))
      expect({ state: p.state, reason: p.reason }).toMatchObject({
        state: 'cancelled',
        reason: expect.stringMatching(/before it started/),
      });
    const smiLog = fs.readFileSync(path.join(first.jobDir!, JOB_FILES.smiLog), 'utf8').trim().split('\n');
    expect(smiLog.some((l) => /-lgc/.test(l))).toBe(true);
    expect(smiLog.at(-1)).toMatch(/-rgc/);
    expect(listRuns(db, { study: s.studyId! }).total).toBe(0);
  }, 120_000);

  it('a point whose server crashes fails with a reason; retry then succeeds', async () => {
    const s = createSweep(
      db,
      tinySpec({
        name: 'crash',
        grid: { sm_clock_mhz: [1410], max_num_seqs: [8] },
        workload: { requests: 30, concurrency: 2, input_len: 64, output_len: 64 },
        time_scale: 1,
      }),
    );
    const p = await waitFor('point measuring', () => getPoints(db, s.id).find((x) => x.phase === 'measuring'), 60_000);
    const serverPid = Number(fs.readFileSync(path.join(p.jobDir!, JOB_FILES.serverPid), 'utf8'));
    await waitFor('clock locked', () => smiLogHas(p.jobDir!, /-lgc/), 60_000);
    process.kill(serverPid, 'SIGKILL');
    await waitSweepEnd(db, s.id, 60_000);
    const [failed] = getPoints(db, s.id);
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/server crashed/);
    // The harness still issued the restore after the crash (the simulated device died with its
    // server, so the fake nvidia-smi may answer "no driver", as a real one would on a lost GPU).
    const lines = fs.readFileSync(path.join(failed.jobDir!, JOB_FILES.smiLog), 'utf8').trim().split('\n');
    const lastLock = lines.findLastIndex((l) => /-lgc/.test(l));
    expect(lines.slice(lastLock + 1).some((l) => / -rgc/.test(l))).toBe(true);
    // retry: a new attempt in a new job directory, ends with one run
    retryPoints(db, s.id, failed.id);
    await waitSweepEnd(db, s.id, 60_000);
    const [again] = getPoints(db, s.id);
    expect(again).toMatchObject({ state: 'done', attempt: 2 });
    expect(listRuns(db, { study: s.studyId! }).total).toBe(1);
  }, 150_000);
});
