import Link from 'next/link';
import { getDb } from '@/db/client';
import { listSweeps } from '@/db/queries/sweeps';
import { unstableCountsBySweep } from '@/db/queries/sweep-results';
import { fmtDateTime } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default function SweepsPage() {
  const sweeps = listSweeps(getDb());
  const unstable = unstableCountsBySweep(getDb());
  return (
    <>
      <div className="row">
        <h1 style={{ margin: 0 }}>Sweeps</h1>
        <div style={{ flex: 1 }} />
        <Link className="btn btn-primary" href="/sweeps/new">
          New sweep
        </Link>
      </div>
      <p className="muted">
        A sweep measures every point of a knob grid (one job per point) on this host or a Slurm cluster; each completed
        point becomes a run in the target study.
      </p>
      {sweeps.length === 0 ? (
        <p>
          No sweeps yet. <Link href="/sweeps/new">Define one</Link> — with no GPU, choose the simulated device.
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Sweeps">
          <table className="table" data-testid="sweeps-table">
            <thead>
              <tr>
                <th>#</th>
                <th>name</th>
                <th>state</th>
                <th>executor</th>
                <th>points</th>
                <th>created</th>
              </tr>
            </thead>
            <tbody>
              {sweeps.map((s) => (
                <tr key={s.id}>
                  <td>{s.id}</td>
                  <td>
                    <Link href={`/sweeps/${s.id}`}>{s.name}</Link>{' '}
                    {s.simulated && <span className="badge badge-sim">SIMULATED</span>}
                  </td>
                  <td>
                    <span
                      className={
                        s.state === 'done' ? 'badge badge-ok' : s.state === 'failed' ? 'badge badge-bad' : 'badge'
                      }
                    >
                      {s.state}
                    </span>
                  </td>
                  <td>{s.executor}</td>
                  <td>
                    {s.counts.done}/{s.points} done
                    {unstable.get(s.id) ? (
                      <span className="badge badge-warn" style={{ marginLeft: 6 }} data-testid="sweep-unstable">
                        {unstable.get(s.id)} unstable
                      </span>
                    ) : null}
                    {s.counts.failed ? `, ${s.counts.failed} failed` : ''}
                    {s.counts.running ? `, ${s.counts.running} running` : ''}
                  </td>
                  <td className="muted">{fmtDateTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
