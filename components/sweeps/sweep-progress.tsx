'use client';
/**
 * The sweep's progress bar (points by outcome, unstable ones in amber) and its live time-left
 * estimate, ticking every second while points are pending.
 */
import { useEffect, useState } from 'react';
import { apiFetch } from '@/lib/client/api';
import type { SweepViewClient } from './api';
import { fmtDuration, OUTCOMES, sweepProgress, type Outcome } from './progress';

const SEGMENT: Partial<Record<Outcome, string>> = {
  done: 'p-done',
  unstable: 'p-unstable',
  failed: 'p-failed',
  running: 'p-running',
};
const WORD: Record<Outcome, string> = {
  done: 'done',
  unstable: 'done but unstable',
  failed: 'failed',
  cancelled: 'cancelled',
  running: 'running',
  queued: 'queued',
};

/** The estimate made from the definition (the same call as the form's), used until a point finishes. */
function useEstimateBeforeStart(spec: Record<string, unknown>, wanted: boolean) {
  const [s, setS] = useState<number | null>(null);
  // The view is refetched every second: key on the definition's text, not the object.
  const text = JSON.stringify(spec);
  useEffect(() => {
    if (!wanted) return;
    apiFetch<{ totalS: number }>('/api/sweeps/estimate', { json: JSON.parse(text) })
      .then((e) => setS(e.totalS))
      .catch(() => setS(null));
  }, [text, wanted]);
  return s;
}

export function SweepProgress({ sweep }: { sweep: SweepViewClient }) {
  const pending = sweep.points.some((p) => p.state === 'queued' || p.state === 'running');
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => setNow(new Date().toISOString()), 1000);
    return () => clearInterval(t);
  }, [pending]);
  const before = useEstimateBeforeStart(sweep.spec, pending && sweep.startedAt !== null);
  const p = sweepProgress(sweep, now, before);
  const pct = (n: number) => `${(100 * n) / Math.max(1, p.total)}%`;
  return (
    <div className="stack" data-testid="sweep-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label="Sweep progress"
        aria-valuemin={0}
        aria-valuemax={p.total}
        aria-valuenow={p.finished}
        aria-valuetext={`${p.finished} of ${p.total} points finished`}
      >
        {OUTCOMES.filter((o) => SEGMENT[o] && p.counts[o]).map((o) => (
          <span
            key={o}
            className={SEGMENT[o]}
            style={{ width: pct(p.counts[o]) }}
            title={`${p.counts[o]} ${WORD[o]}`}
          />
        ))}
      </div>
      <p className="muted" data-testid="sweep-counts">
        {p.finished} of {p.total} points finished:{' '}
        {OUTCOMES.filter((o) => p.counts[o])
          .map((o) => `${p.counts[o]} ${WORD[o]}`)
          .join(', ')}
        {p.elapsedS !== null && ` · ${fmtDuration(p.elapsedS)} ${pending ? 'so far' : 'taken'}`}
        {p.leftS !== null && (
          <span data-testid="sweep-eta">
            {' '}
            · about {fmtDuration(p.leftS)} left ({p.basis})
          </span>
        )}
      </p>
    </div>
  );
}
