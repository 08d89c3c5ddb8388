'use client';
/**
 * The sweep's points: knobs (labelled from the knob catalogue), outcome (done / done but unstable
 * / failed / ...), what the point measured (J per output token, p99 ITL, output tokens/s), the run,
 * and per-point cancel / retry for those who may. Tap or click a row to show its power and logs.
 */
import Link from 'next/link';
import { fmtNum } from '@/lib/format';
import { KNOB_BY_KEY } from '@/lib/knobs/catalogue';
import { STATE_CLASS, type PointView, type SweepViewClient } from './api';
import { pointOutcome } from './progress';
import styles from './sweeps.module.css';

const ACTIVE = new Set(['queued', 'running']);

export function PointsTable({
  sweep,
  selectedId,
  onSelect,
  onAct,
  canWrite,
}: {
  sweep: SweepViewClient;
  selectedId: number | undefined;
  onSelect: (id: number) => void;
  onAct: (url: string) => void;
  canWrite: boolean;
}) {
  const knobKeys = [...new Set(sweep.points.flatMap((p) => Object.keys(p.knobs)))];
  return (
    // Focusable: on a phone the table scrolls sideways inside this box, and keyboards must reach it.
    <div className="card table-wrap" tabIndex={0} role="region" aria-label="Sweep points">
      <table className={`table ${styles.pointsTable}`} data-testid="points-table">
        <thead>
          <tr>
            <th>#</th>
            {knobKeys.map((k) => (
              <th key={k} title={KNOB_BY_KEY.get(k)?.definition}>
                {KNOB_BY_KEY.get(k)?.short ?? k}
                {KNOB_BY_KEY.get(k)?.unit ? ` (${KNOB_BY_KEY.get(k)!.unit})` : ''}
              </th>
            ))}
            <th>state</th>
            <th className="num" title="Energy per output token (J/token)">
              J/out tok
            </th>
            <th className="num" title="P99 inter-token latency (ms)">
              p99 ITL (ms)
            </th>
            <th className="num" title="Output token throughput (tokens/s)">
              out tok/s
            </th>
            <th>detail</th>
            <th>run</th>
            {canWrite && <th />}
          </tr>
        </thead>
        <tbody>
          {sweep.points.map((p) => (
            <PointRow
              key={p.id}
              p={p}
              sweep={sweep}
              knobKeys={knobKeys}
              selected={selectedId === p.id}
              onSelect={onSelect}
              onAct={onAct}
              canWrite={canWrite}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PointRow({
  p,
  sweep,
  knobKeys,
  selected,
  onSelect,
  onAct,
  canWrite,
}: {
  p: PointView;
  sweep: SweepViewClient;
  knobKeys: string[];
  selected: boolean;
  onSelect: (id: number) => void;
  onAct: (url: string) => void;
  canWrite: boolean;
}) {
  const outcome = pointOutcome(p, sweep.results);
  const r = p.runId !== undefined ? sweep.results?.[p.runId] : undefined;
  const reason = outcome === 'unstable' ? r?.unstableReason : p.reason;
  return (
    <tr
      className={selected ? styles.selected : undefined}
      onClick={() => onSelect(p.id)}
      data-testid={`point-${p.idx}`}
      data-outcome={outcome}
    >
      <td>
        {p.idx}
        {p.rep ? ` (rep ${p.rep})` : ''}
      </td>
      {knobKeys.map((k) => (
        <td key={k} className="num">
          {p.knobs[k] === undefined ? '–' : fmtNum(p.knobs[k], 6)}
        </td>
      ))}
      <td>
        <span
          className={outcome === 'unstable' ? 'badge badge-warn' : STATE_CLASS[p.state]}
          data-testid="point-state"
          title={outcome === 'unstable' ? 'finished, but the run is flagged unstable (see detail)' : undefined}
        >
          {outcome === 'unstable' ? 'unstable' : p.state}
        </span>
      </td>
      <td className="num" data-testid="point-energy">
        {r ? fmtNum(r.energyPerOutputTokenJ) : ''}
      </td>
      <td className="num" data-testid="point-itl">
        {r ? fmtNum(r.itlMsP99) : ''}
      </td>
      <td className="num">{r ? fmtNum(r.outputThroughputTps) : ''}</td>
      <td className={reason ? styles.reason : undefined}>
        {reason ?? p.phase ?? ''}
        {p.attempt > 1 ? <span className="muted"> (attempt {p.attempt})</span> : null}
      </td>
      <td>{p.runId ? <Link href={`/runs/${p.runId}`}>run {p.runId}</Link> : ''}</td>
      {canWrite && (
        <td>
          {ACTIVE.has(p.state) && !p.cancelRequested && (
            <button
              className="btn btn-small"
              onClick={(e) => (e.stopPropagation(), onAct(`/api/sweeps/${sweep.id}/points/${p.id}/cancel`))}
            >
              Cancel
            </button>
          )}
          {(p.state === 'failed' || p.state === 'cancelled') && (
            <button
              className="btn btn-small"
              onClick={(e) => (e.stopPropagation(), onAct(`/api/sweeps/${sweep.id}/points/${p.id}/retry`))}
            >
              Retry
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
