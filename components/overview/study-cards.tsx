import Link from 'next/link';
import type { OverviewStudy } from '@/lib/overview';

export function StudyCards({ studies }: { studies: OverviewStudy[] }) {
  return (
    <div className="grid2" data-testid="studies-overview">
      {studies.map((s) => (
        <section className="card" key={s.id} data-study-id={s.id} data-simulated-runs={s.simulatedRuns}>
          <h2 style={{ marginTop: 0 }}>
            {s.name} {s.isDemo && <span className="badge">demo</span>}{' '}
            {s.simulatedRuns > 0 && <span className="badge badge-sim">simulated</span>}
          </h2>
          {s.description && <p>{s.description}</p>}
          <p>
            <strong>{s.runs.toLocaleString('en-US')}</strong> {s.runs === 1 ? 'run' : 'runs'}
            {s.simulatedRuns > 0 && (
              <> ({s.simulatedRuns === s.runs ? 'all' : s.simulatedRuns.toLocaleString('en-US')} simulated)</>
            )}
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
  );
}
