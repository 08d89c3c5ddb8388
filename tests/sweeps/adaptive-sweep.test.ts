/**
 * Adaptive repetitions end to end on the simulated device (real worker, point runner, sim-server,
 * harness): a point is repeated until the 95% half-width of its energy per output token is below
 * the target, or the maximum count. A loose target stops at the minimum of 2 runs; an unreachable
 * one runs to the maximum, each added repeat saying why it was queued.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweep, getPoints } from '@/db/queries/sweeps';
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
  tinySpec({ name: `adaptive ${adaptive.target_pct}`, grid: { sm_clock_mhz: [1410] }, adaptive });

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

  it('a loose target stops after the minimum; an unreachable one runs to the maximum', async () => {
    const loose = createSweep(db, onePoint({ target_pct: 50, max_repetitions: 5 }));
    const tight = createSweep(db, onePoint({ target_pct: 0.1, max_repetitions: 4 }));
    expect(getPoints(db, loose.id)).toHaveLength(2); // minimum runs queued up front
    expect((await waitSweepEnd(db, loose.id, 120_000)).state).toBe('done');
    expect((await waitSweepEnd(db, tight.id, 180_000)).state).toBe('done');

    const lp = getPoints(db, loose.id);
    expect(lp.map((p) => p.state)).toEqual(['done', 'done']);
    const le = energies(loose.id);
    expect(halfWidthRel(le)!).toBeLessThan(0.5);
    expect(nextStep(le, 2, policyOfSpec(parseSweepSpec(loose.spec))!).action).toBe('stop');

    const tp = getPoints(db, tight.id);
    expect(tp.map((p) => [p.state, p.rep])).toEqual([
      ['done', 0],
      ['done', 1],
      ['done', 2],
      ['done', 3],
    ]);
    const te = energies(tight.id);
    // The simulated device's run-to-run noise is above 0.1%, so the maximum was needed.
    expect(halfWidthRel(te.slice(0, 3))!).toBeGreaterThanOrEqual(0.001);
    for (const p of tp.slice(2)) expect(p.knobs).toEqual(tp[0].knobs);
  }, 240_000);
});
