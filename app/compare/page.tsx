/**
 * /compare?ids=1,2,3[&x=METRIC&y=METRIC]: 2-6 runs side by side: knobs, every metric present in
 * any of them with deltas against the first run, and overlaid total-power traces where stored.
 * Server-rendered (no client JS beyond the shell).
 */
import { getDb } from '@/db/client';
import { getRun } from '@/db/queries/runs';
import { LineChart } from '@/components/charts/line-chart';
import { FrontierChart } from '@/components/charts/frontier-chart';
import { fmtNum } from '@/lib/explore/format';
import { METRICS } from '@/lib/metrics/catalogue';
import { compareAxis, compareTraces, configRows, parseCompareIds } from '@/components/compare/data';
import { categoryColor } from '@/components/charts/scale';
import { CompareNoise } from '@/components/compare/noise';
import { isMetricKey, type MetricKey } from '@/lib/metrics/keys';
import type { RunRecord } from '@/lib/record/schema';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Compare runs · Joulebench' };

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const parsed = parseCompareIds(sp.ids);
  if (!parsed.ok) {
    return (
      <div>
        <h1>Compare runs</h1>
        <p className="error" data-testid="compare-error">
          {parsed.error}
        </p>
      </div>
    );
  }
  const db = getDb();
  const runs = parsed.ids.map((id) => ({ id, rec: getRun(db, id) }));
  const missing = runs.filter((r) => !r.rec).map((r) => r.id);
  const found = runs.filter((r): r is { id: number; rec: RunRecord } => !!r.rec);
  if (found.length < 2) {
    return (
      <div>
        <h1>Compare runs</h1>
        <p className="error" data-testid="compare-error">
          Not found: {missing.map((m) => `#${m}`).join(', ')}. A comparison needs at least 2 existing runs.
        </p>
      </div>
    );
  }
  const config = configRows(found);
  const metricDefs = METRICS.filter((m) => found.some((r) => r.rec.metrics[m.key] !== undefined));
  const base = found[0];
  const traces = compareTraces(found);
  const x: MetricKey = sp.x && isMetricKey(sp.x) ? sp.x : 'itl_ms_p99';
  const y: MetricKey = sp.y && isMetricKey(sp.y) ? sp.y : 'energy_per_output_token_j';
  const axes = { x: compareAxis(x), y: compareAxis(y) };
  const better = (a: typeof axes.x) => (a.direction === 'lower' ? 'lower is better' : 'higher is better');

  return (
    <div>
      <h1>Compare {found.length} runs</h1>
      {missing.length > 0 && (
        <p className="error" data-testid="compare-missing">
          Not found: {missing.map((m) => `#${m}`).join(', ')}
        </p>
      )}
      <ul className="compare-legend" data-testid="compare-legend" aria-label="Run colours">
        {found.map((r, i) => (
          <li key={r.id} data-run={r.id}>
            <RunSwatch i={i} /> <a href={`/runs/${r.id}`}>#{r.id}</a> {r.rec.label}
          </li>
        ))}
      </ul>
      <div className="card table-wrap" tabIndex={0} role="region" aria-label="Runs side by side">
        <table className="table" data-testid="compare-table">
          <thead>
            <tr>
              <th>
                <span className="sr-only">Field</span>
              </th>
              {found.map((r) => (
                <th key={r.id}>
                  <RunSwatch i={found.indexOf(r)} /> <a href={`/runs/${r.id}`}>#{r.id}</a>{' '}
                  {r.rec.hardware.simulated && <span className="badge badge-sim">SIMULATED</span>}
                  <div style={{ fontWeight: 400, whiteSpace: 'normal', maxWidth: 260 }}>{r.rec.label}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {config.map((row) => (
              <tr key={row.key} data-config-row={row.key} data-differs={row.differs ? '1' : undefined}>
                <td>
                  <b>{row.label}</b>
                  {row.differs && <span className="differs-tag">differs</span>}
                </td>
                {row.values.map((v, i) => (
                  <td key={found[i].id} className={row.differs ? 'differs' : undefined}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
            {metricDefs.map((m) => (
              <tr key={m.key}>
                <td title={m.definition} className="has-def">
                  {m.label} ({m.unit})
                </td>
                {found.map((r) => {
                  const v = r.rec.metrics[m.key];
                  const b = base.rec.metrics[m.key];
                  const d = r !== base && v !== undefined && b !== undefined && b !== 0 ? (v - b) / Math.abs(b) : null;
                  const good = d !== null && (m.direction === 'lower' ? d < 0 : d > 0);
                  return (
                    <td key={r.id} className="num">
                      {fmtNum(v)}
                      {d !== null && Math.abs(d) > 1e-9 && (
                        <span
                          className={good ? 'badge badge-ok' : 'badge badge-bad'}
                          style={{ marginLeft: 6 }}
                          data-testid="delta"
                        >
                          {d > 0 ? '+' : ''}
                          {(d * 100).toFixed(1)}%
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted" style={{ fontSize: 12 }}>
          Highlighted rows: the configuration differs between the runs. Deltas are relative to the first run; green =
          better by the metric&apos;s direction.
        </p>
      </div>
      <CompareNoise db={db} runs={found} />
      {/* A panel only for runs that store a trace: an empty one took half the page. */}
      {!traces.length && (
        <p className="muted" data-testid="no-power-trace">
          No power trace for these runs (the sources stored totals only).
        </p>
      )}
      <div className={traces.length ? 'grid2' : 'compare-single'}>
        {traces.length > 0 && (
          <div className="card">
            <h2 style={{ marginTop: 0 }}>Power traces</h2>
            <LineChart
              testid="compare-traces"
              series={traces}
              xLabel="time (s)"
              yLabel="total GPU power (W)"
              width={560}
              height={300}
              showDots={false}
            />
          </div>
        )}
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Positions</h2>
          <FrontierChart
            width={560}
            height={320}
            data={{
              axes,
              color: {
                key: 'run',
                label: 'run',
                kind: 'category',
                categories: found.map((r) => `#${r.id}`),
                domain: null,
                definition: '',
              },
              points: found
                .filter((r) => r.rec.metrics[x] !== undefined && r.rec.metrics[y] !== undefined)
                .map((r) => ({
                  id: r.id,
                  x: r.rec.metrics[x]!,
                  y: r.rec.metrics[y]!,
                  c: found.indexOf(r),
                  sim: r.rec.hardware.simulated ? 1 : 0,
                  f: 1,
                  w: 1,
                })),
              frontierPoints: [],
              frontierAll: null,
              recommendedRun: null,
              baseline: { mode: 'none', run: null, feasible: null, note: null },
              slo: [],
            }}
          />
          <p className="muted" style={{ fontSize: 12 }} data-testid="compare-axes">
            <span data-axis="x" data-direction={axes.x.direction}>
              x: {axes.x.label} ({better(axes.x)})
            </span>
            ;{' '}
            <span data-axis="y" data-direction={axes.y.direction}>
              y: {axes.y.label} ({better(axes.y)})
            </span>
            .
          </p>
        </div>
      </div>
    </div>
  );
}

/** The run's colour in the legend, the table header, the power traces and the Positions chart. */
function RunSwatch({ i }: { i: number }) {
  return (
    <svg width="10" height="10" aria-hidden style={{ verticalAlign: 'baseline' }}>
      <circle cx="5" cy="5" r="4.5" fill={categoryColor(i)} />
    </svg>
  );
}
