/**
 * Adaptive repetitions end to end on the simulated device (real worker, point runner, sim-server,
 * harness): a point is repeated until the 95% half-width of its energy per output token is below
 * the target, or the maximum count. A loose target stops where the policy says so; an unreachable
 * one runs to the maximum. Every repeat has the point's knobs.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweep, getPoints, getSweep } from '@/db/queries/sweeps';
import { getRun } from '@/db/queries/runs';
import { startWorker } from '@/lib/jobs/worker';
import { halfWidthRel, nextStep, policyOfSpec } from '@/lib/sweeps/adaptive';
import { parseSweepSpec } from '@/lib/sweeps/spec';
import { tinySpec, tmpSetup, waitSweepEnd } from './helpers';

const { dir, db } = tmpSetup('adaptive');
const ac = new AbortController();
const worker = startWorker({ db, signal: ac.signal, jobRoot: path.join(dir, 'jobs'), pollMs: 150, log: () => {} });
afterAll(async () => {
  ac.abort();
  await worker.stopped;
});

const onePoint = (adaptive: { target_pct: number; max_repetitions: number }) =>
  tinySpec({
    name: `adaptive ${adaptive.target_pct}`,
    grid: { sm_clock_mhz: [1410] },
    workload: { requests: 16, concurrency: 4, input_len: 64, output_len: 32 },
    adaptive,
  });

function energies(sweepId: number): number[] {
  return getPoints(db, sweepId).map((p) => getRun(db, p.runId!)!.metrics.energy_per_output_token_j!);
}

describe('adaptive sweep, simulated', () => {
  it('validates the adaptive block', () => {
    expect(() => parseSweepSpec(tinySpec({ repetitions: 5, adaptive: { target_pct: 2, max_repetitions: 3 } }))).toThrow(
      /adaptive\.max_repetitions: must be at least repetitions \(5/,
    );
    expect(() => parseSweepSpec(tinySpec({ adaptive: { target_pct: 0, max_repetitions: 3 } }))).toThrow(/target_pct/);
    expect(policyOfSpec(parseSweepSpec(tinySpec({ adaptive: { target_pct: 2, max_repetitions: 6 } })))).toEqual({
      targetRel: 0.02,
      minRuns: 2,
      maxRuns: 6,
    });
  });

  it('a loose target stops as soon as its runs meet it; an unreachable one runs to the maximum', async () => {
    const loose = createSweep(db, onePoint({ target_pct: 50, max_repetitions: 5 }));
    const tight = createSweep(db, onePoint({ target_pct: 0.1, max_repetitions: 3 }));
    expect(getPoints(db, loose.id)).toHaveLength(2); // minimum runs queued up front
    const states = (id: number) => JSON.stringify(getPoints(db, id).map((p) => [p.state, p.rep, p.reason]));
    await waitSweepEnd(db, tight.id, 400_000).catch((e) => {
      throw new Error(`${e.message}: ${states(loose.id)} ${states(tight.id)}`);
    });
    expect(getSweep(db, loose.id)!.state).toBe('done');
    expect(getSweep(db, tight.id)!.state).toBe('done');

    // The loose sweep stopped at the first count where the policy says stop, given the energies
    // its runs measured (replayed from the stored runs), and not before.
    const lp = getPoints(db, loose.id);
    const le = energies(loose.id);
    const policy = policyOfSpec(parseSweepSpec(loose.spec))!;
    const stopAt = [2, 3, 4, 5].find((k) => nextStep(le.slice(0, k), k, policy).action === 'stop');
    expect(lp.map((p) => p.state)).toEqual(Array(stopAt).fill('done'));
    expect(lp.map((p) => p.rep)).toEqual([...Array(stopAt).keys()]);
    const tp = getPoints(db, tight.id);
    expect(tp.map((p) => [p.state, p.rep])).toEqual([
      ['done', 0],
      ['done', 1],
      ['done', 2],
    ]);
    const te = energies(tight.id);
    // The simulated device's run-to-run noise is above 0.1%, so the maximum was needed.
    expect(halfWidthRel(te.slice(0, 2))!).toBeGreaterThanOrEqual(0.001);
    for (const p of tp.slice(2)) expect(p.knobs).toEqual(tp[0].knobs);
  }, 420_000);
});
