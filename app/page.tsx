import Link from 'next/link';
import { getDb } from '@/db/client';
import { countRuns, listRuns } from '@/db/queries/runs';
import { listStudies } from '@/db/queries/studies';
import { fmtNum } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default function OverviewPage() {
  const db = getDb();
  const studies = listStudies(db);
  const total = countRuns(db);
  const simulated = countRuns(db, { simulated: true });
  const best = listRuns(db, { sort: 'energy_per_output_token_j', order: 'asc', limit: 5 }).runs;
  return (
    <>
      <h1>Overview</h1>
      <p className="muted">
        {total.toLocaleString('en-US')} runs in {studies.length} studies{simulated ? ` (${simulated.toLocaleString('en-US')} simulated)` : ''}. Pick a study to explore its energy vs latency frontier.
      </p>
      <div className="grid2" data-testid="studies-overview">
        {studies.map((s) => (
          <section className="card" key={s.id} data-study-id={s.id}>
            <h2 style={{ marginTop: 0 }}>
              {s.name} {s.isDemo && <span className="badge">demo</span>}
            </h2>
            {s.description && <p>{s.description}</p>}
            <p>
              <strong>{s.runCount.toLocaleString('en-US')}</strong> runs
            </p>
            {s.attribution && (
              <p className="muted" data-testid="attribution">
                Data: {s.attribution.source}
                {s.attribution.repo && (
                  <>
                    {' '}
                    · <a href={s.attribution.repo}>{s.attribution.repo.replace('https://github.com/', '')}</a>
                  </>
                )}
                {s.attribution.path && <> · {s.attribution.path}</>}
                {s.attribution.commit && <> @ {s.attribution.commit.slice(0, 7)}</>}
              </p>
            )}
            <div className="row">
              <Link className="btn btn-primary" href={`/explore?study=${s.id}`}>
                Explore frontier
              </Link>
              <Link className="btn" href={`/runs?study=${s.id}`}>
                Runs table
              </Link>
            </div>
          </section>
        ))}
        {studies.length === 0 && (
          <section className="card">
            <p>No studies yet. Import benchmark results or launch a sweep.</p>
          </section>
        )}
      </div>
      {best.length > 0 && (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>Lowest energy per output token</h2>
          <table className="table">
            <thead>
              <tr>
                <th>run</th>
                <th className="num">J / output token</th>
                <th className="num">output tok/s</th>
              </tr>
            </thead>
            <tbody>
              {best.map((r) => (
                <tr key={String(r.id)}>
                  <td>
                    <Link href={`/runs/${r.id}`}>{r.label}</Link>
                  </td>
                  <td className="num">{fmtNum(r.metrics.energy_per_output_token_j)}</td>
                  <td className="num">{fmtNum(r.metrics.output_throughput_tps)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
