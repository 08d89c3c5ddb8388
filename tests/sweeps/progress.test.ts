/** Sweep page progress: unstable points are not "done", and the time left follows the finished points. */
import { expect, test } from 'vitest';
import type { PointView, SweepViewClient } from '@/components/sweeps/api';
import { pointOutcome, sweepProgress } from '@/components/sweeps/progress';

const pt = (id: number, state: PointView['state'], over: Partial<PointView> = {}): PointView => ({
  id,
  idx: id,
  rep: 0,
  knobs: {},
  state,
  attempt: 1,
  cancelRequested: false,
  ...over,
});
const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 10, 0, s)).toISOString();
const results: SweepViewClient['results'] = {
  '11': { energyPerOutputTokenJ: 0.2, itlMsP99: 30, outputThroughputTps: 900, stable: true, unstableReason: null },
  '12': {
    energyPerOutputTokenJ: 0.3,
    itlMsP99: 40,
    outputThroughputTps: 800,
    stable: false,
    unstableReason: 'sim fell behind',
  },
};

test('a done point whose run is unstable is "unstable", not done', () => {
  expect(pointOutcome(pt(1, 'done', { runId: 11 }), results)).toBe('done');
  expect(pointOutcome(pt(2, 'done', { runId: 12 }), results)).toBe('unstable');
  expect(pointOutcome(pt(3, 'failed'), results)).toBe('failed');
});

test("time left: the mean of finished points times the queued ones, plus the running one's remainder", () => {
  const sweep = {
    executor: 'local' as const,
    startedAt: at(0),
    finishedAt: null,
    results,
    points: [
      pt(1, 'done', { runId: 11, startedAt: at(0), finishedAt: at(20) }),
      pt(2, 'done', { runId: 12, startedAt: at(20), finishedAt: at(60) }),
      pt(3, 'running', { startedAt: at(60) }),
      pt(4, 'queued'),
      pt(5, 'queued'),
    ],
  };
  const p = sweepProgress(sweep, at(70), 55);
  expect(p.counts).toMatchObject({ done: 1, unstable: 1, running: 1, queued: 2 });
  expect(p.finished).toBe(2);
  expect(p.elapsedS).toBe(70);
  // mean 30 s; 2 queued * 30 + (30 - 10) for the running point
  expect(p.leftS).toBe(80);
  expect(p.basis).toMatch(/average 30 s per point over 2 finished/);
});

test('before any point finishes, the estimate made before the start counts down', () => {
  const sweep = {
    executor: 'local' as const,
    startedAt: at(0),
    finishedAt: null,
    results: {},
    points: [pt(1, 'running', { startedAt: at(0) }), pt(2, 'queued')],
  };
  const p = sweepProgress(sweep, at(20), 55);
  expect(p.leftS).toBe(35);
  expect(p.basis).toMatch(/before the start/);
});

test('a finished sweep: no time left, elapsed is the time it took', () => {
  const sweep = {
    executor: 'local' as const,
    startedAt: at(0),
    finishedAt: at(50),
    results,
    points: [pt(1, 'done', { runId: 11, startedAt: at(0), finishedAt: at(50) })],
  };
  const p = sweepProgress(sweep, at(500), 55);
  expect(p).toMatchObject({ leftS: null, elapsedS: 50, finished: 1 });
});
