/**
 * A sweep's progress for its page (pure, client-safe): points by outcome, with "done" split into
 * clean and unstable (a finished point whose run was flagged unstable is not a clean result), and
 * a live time-left estimate from the points finished so far (the estimate made before the start
 * is used only until the first point finishes). Unit-tested in tests/sweeps/progress.test.ts.
 */
import type { PointView, SweepViewClient } from './api';

export type Outcome = 'done' | 'unstable' | 'failed' | 'cancelled' | 'running' | 'queued';
export const OUTCOMES: readonly Outcome[] = ['done', 'unstable', 'failed', 'cancelled', 'running', 'queued'];

/** The point's outcome, with done points whose run is unstable as 'unstable'. */
export function pointOutcome(p: PointView, results: SweepViewClient['results']): Outcome {
  if (p.state === 'done' && p.runId !== undefined && results?.[p.runId]?.stable === false) return 'unstable';
  return p.state;
}

export interface Progress {
  counts: Record<Outcome, number>;
  total: number;
  /** Points that will not run again (done, unstable, failed, cancelled). */
  finished: number;
  elapsedS: number | null;
  /** Seconds left, and how it was estimated; null when nothing is left or nothing to go on. */
  leftS: number | null;
  basis: string | null;
}

const secs = (a?: string | null, b?: string | null) =>
  a && b ? Math.max(0, (new Date(b).getTime() - new Date(a).getTime()) / 1000) : null;

export function sweepProgress(
  sweep: Pick<SweepViewClient, 'points' | 'results' | 'startedAt' | 'finishedAt' | 'executor'>,
  nowIso: string,
  estimateBeforeStartS: number | null,
): Progress {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const p of sweep.points) counts[pointOutcome(p, sweep.results)]++;
  const total = sweep.points.length;
  const finished = counts.done + counts.unstable + counts.failed + counts.cancelled;
  const elapsedS = secs(sweep.startedAt, sweep.finishedAt ?? nowIso);
  const pending = counts.queued + counts.running;
  if (!pending || sweep.startedAt === null) return { counts, total, finished, elapsedS, leftS: null, basis: null };

  const durations = sweep.points
    .filter((p) => p.state === 'done' || p.state === 'failed')
    .map((p) => secs(p.startedAt, p.finishedAt))
    .filter((d): d is number => d !== null);
  if (durations.length) {
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    // Local runs one point at a time; Slurm runs as many at once as are running now.
    const lanes = sweep.executor === 'slurm' ? Math.max(1, counts.running) : 1;
    const runningLeft = sweep.points
      .filter((p) => p.state === 'running')
      .map((p) => Math.max(0, mean - (secs(p.startedAt, nowIso) ?? 0)));
    const leftS = (counts.queued * mean) / lanes + (runningLeft.length ? Math.max(...runningLeft) : 0);
    return {
      counts,
      total,
      finished,
      elapsedS,
      leftS,
      basis: `average ${Math.round(mean)} s per point over ${durations.length} finished`,
    };
  }
  if (estimateBeforeStartS !== null && elapsedS !== null)
    return {
      counts,
      total,
      finished,
      elapsedS,
      leftS: Math.max(0, estimateBeforeStartS - elapsedS),
      basis: 'estimate made before the start; updated when the first point finishes',
    };
  return { counts, total, finished, elapsedS, leftS: null, basis: null };
}

/** "45 s", "3 min", "1.5 h". */
export function fmtDuration(s: number): string {
  return s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}
