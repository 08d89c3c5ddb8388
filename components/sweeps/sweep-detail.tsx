'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';
import { queryKeys, sweepQuery } from '@/lib/client/queries';
import { STATE_CLASS, type PointView, type SweepViewClient } from './api';
import { PointsTable } from './points-table';
import { pointOutcome } from './progress';
import { SweepProgress } from './sweep-progress';
import { PowerChart } from './power-chart';
import styles from './sweeps.module.css';

const ACTIVE = new Set(['queued', 'running']);

/** Live view of one sweep: per-point state, live power trace, logs; cancel / retry / re-run. */
/** `canWrite` false (logged out, viewer): the view without Start / Cancel / Retry / Re-run. */
export function SweepDetail({
  id,
  initial,
  canWrite = true,
}: {
  id: number;
  initial: SweepViewClient;
  canWrite?: boolean;
}) {
  const qc = useQueryClient();
  const router = useRouter();
  const { data: sweep = initial } = useQuery({
    ...sweepQuery<SweepViewClient>(id),
    initialData: initial,
    refetchInterval: (q) =>
      q.state.data && (ACTIVE.has(q.state.data.state) || q.state.data.points.some((p) => ACTIVE.has(p.state)))
        ? 1000
        : false,
  });
  const running = sweep.points.find((p) => p.state === 'running');
  const [selected, setSelected] = useState<number | null>(null);
  // Default selection: the running point, else the point that started last (it has logs), else the first.
  const lastStarted = sweep.points
    .filter((p) => p.startedAt)
    .sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)))[0];
  const point = sweep.points.find((p) => p.id === selected) ?? running ?? lastStarted ?? sweep.points[0];
  const [error, setError] = useState<string | null>(null);

  const act = async (url: string, confirmMsg?: string) => {
    if (confirmMsg && !window.confirm(confirmMsg)) return;
    setError(null);
    try {
      const r = await apiFetch<SweepViewClient | { id: number }>(url, { method: 'POST' });
      if ('points' in r) qc.setQueryData(queryKeys.sweep(id), { ...sweep, ...r });
      else router.push(`/sweeps/${r.id}`);
      await qc.invalidateQueries({ queryKey: queryKeys.sweep(id) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const unstable = sweep.points.filter((p) => pointOutcome(p, sweep.results) === 'unstable').length;
  const counts = sweep.points.reduce<Record<string, number>>((a, p) => ((a[p.state] = (a[p.state] ?? 0) + 1), a), {});
  const active = ACTIVE.has(sweep.state) || sweep.state === 'draft';

  return (
    <div className="stack">
      <div className="row">
        <h1 style={{ margin: 0 }}>{sweep.name}</h1>
        <span className={STATE_CLASS[sweep.state]} data-testid="sweep-state">
          {sweep.state}
        </span>
        {unstable > 0 && (
          <span className="badge badge-warn" data-testid="sweep-unstable">
            {unstable} unstable
          </span>
        )}
        {sweep.simulated && <span className="badge badge-sim">SIMULATED</span>}
        <span className="badge">{sweep.executor}</span>
      </div>
      <div className="toolbar">
        {canWrite && sweep.state === 'draft' && (
          <button className="btn btn-primary" onClick={() => act(`/api/sweeps/${id}/start`)}>
            Start
          </button>
        )}
        {canWrite && active && sweep.state !== 'draft' && (
          <button
            className="btn btn-danger"
            onClick={() =>
              act(
                `/api/sweeps/${id}/cancel`,
                'Cancel the whole sweep? Running points are stopped and GPU settings restored.',
              )
            }
          >
            Cancel sweep
          </button>
        )}
        {canWrite && (counts.failed ?? 0) + (counts.cancelled ?? 0) > 0 && (
          <button className="btn" onClick={() => act(`/api/sweeps/${id}/retry`)}>
            Retry failed/cancelled points
          </button>
        )}
        {canWrite && (
          <>
            <button className="btn" onClick={() => act(`/api/sweeps/${id}/rerun`)}>
              Re-run as new sweep
            </button>
            <Link className="btn" href={`/sweeps/new?from=${id}`}>
              Edit as new…
            </Link>
          </>
        )}
        {sweep.studyId && (
          <>
            <Link className="btn" href={`/explore?study=${sweep.studyId}`}>
              Explore study
            </Link>
            <Link className="btn" href={`/runs?study=${sweep.studyId}`}>
              Runs table
            </Link>
          </>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <SweepProgress sweep={sweep} />
      {sweep.studyName && (
        <p className="muted">
          Runs go to study <Link href={`/explore?study=${sweep.studyId}`}>{sweep.studyName}</Link>.
        </p>
      )}
      <PointsTable
        sweep={sweep}
        selectedId={point?.id}
        onSelect={setSelected}
        onAct={(url) => void act(url)}
        canWrite={canWrite}
      />
      {point && <PointPanel sweepId={id} point={point} simulated={sweep.simulated} />}
    </div>
  );
}

function PointPanel({ sweepId, point, simulated }: { sweepId: number; point: PointView; simulated: boolean }) {
  const live = point.state === 'running';
  const samples = useQuery({
    queryKey: queryKeys.sweepSamples(point.id, point.attempt),
    queryFn: () =>
      apiFetch<{ samples: { t: number; power_w: number | null; sm_clock_mhz: number | null }[] }>(
        `/api/sweeps/${sweepId}/points/${point.id}/samples`,
      ),
    refetchInterval: live ? 1000 : false,
  });
  const logs = useQuery({
    queryKey: queryKeys.sweepLogs(point.id, point.attempt),
    queryFn: () =>
      apiFetch<{ log: string; slurmOut: string; smiLog: string; jobDir: string | null }>(
        `/api/sweeps/${sweepId}/points/${point.id}/logs`,
      ),
    refetchInterval: live ? 2000 : false,
  });
  // refresh once more when the point ends
  const { refetch: r1 } = samples;
  const { refetch: r2 } = logs;
  useEffect(() => {
    if (!live) {
      void r1();
      void r2();
    }
  }, [live, r1, r2]);
  return (
    <div className="grid2">
      <div className="card">
        <h3>
          Point {point.idx} power {live ? '(live)' : ''}{' '}
          {simulated && <span className="badge badge-sim">SIMULATED</span>}
        </h3>
        <PowerChart samples={samples.data?.samples ?? []} simulated={simulated} />
      </div>
      <div className="card">
        <h3>Point {point.idx} logs</h3>
        {logs.data?.jobDir && (
          <p className="muted">
            <code>{logs.data.jobDir}</code>
          </p>
        )}
        {/* Scroll boxes: focusable so a keyboard can scroll them (axe scrollable-region-focusable). */}
        <pre className={styles.log} data-testid="point-log" tabIndex={0} aria-label={`Point ${point.idx} log`}>
          {(logs.data?.log ?? '') + (logs.data?.slurmOut ? `\n--- slurm output ---\n${logs.data.slurmOut}` : '') ||
            'no output yet'}
        </pre>
        <h3>nvidia-smi knob calls</h3>
        <pre className={styles.log} data-testid="smi-log" tabIndex={0} aria-label="nvidia-smi knob calls">
          {logs.data?.smiLog || 'none'}
        </pre>
      </div>
    </div>
  );
}
