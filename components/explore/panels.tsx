/**
 * Explorer read-outs, props-only (usable in reports): counts, recommendation + savings,
 * price-of-SLO curve, knob sensitivity small multiples.
 */
import { LineChart } from '@/components/charts/line-chart';
import { fmtNum } from '@/lib/explore/format';
import type { SensitivityView } from '@/lib/explore/sensitivity';
import type { ExplorerView } from '@/lib/explore/types';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { KnobList } from './run-summary';

export function Counts({ view }: { view: ExplorerView }) {
  const c = view.counts;
  return (
    <div className="row muted" style={{ fontSize: 13, gap: '0.3rem 1rem' }} data-testid="counts">
      <span>
        <b data-testid="count-total">{c.total.toLocaleString()}</b> runs{view.studyName ? ` in “${view.studyName}”` : ''}
      </span>
      <span>
        <b>{c.plotted.toLocaleString()}</b> plotted{c.missing ? ` (${c.missing.toLocaleString()} missing an axis metric)` : ''}
      </span>
      {view.slo.length > 0 && (
        <span>
          <b data-testid="count-feasible">{c.feasible.toLocaleString()}</b> meet the SLOs
        </span>
      )}
      <span>
        <b data-testid="count-frontier">{c.frontier}</b> on the frontier
      </span>
      {c.plotted - c.frontier > c.sampled && !view.state.frontierOnly && <span>showing a grid sample of {c.sampled.toLocaleString()} dominated runs</span>}
      {c.simulated > 0 && (
        <span>
          <span className="badge badge-sim">SIMULATED</span> {c.simulated.toLocaleString()} simulated runs (squares)
        </span>
      )}
      <span title="server-side compute time">{view.timingMs} ms</span>
    </div>
  );
}

export function Recommendation({ view }: { view: ExplorerView }) {
  const r = view.recommendedRun;
  const o = view.objective;
  const sloText = view.slo.map((s) => `${METRIC_BY_KEY.get(s.metric)?.short} ${s.kind === 'max' ? '≤' : '≥'} ${fmtNum(s.bound)} ${METRIC_BY_KEY.get(s.metric)?.unit}`).join(', ');
  if (!r) {
    return (
      <div className="card" data-testid="recommendation">
        <h3 style={{ marginTop: 0 }}>Energy-optimal configuration</h3>
        <p className="error" data-testid="no-recommendation">
          No plotted run {view.slo.length ? `meets ${sloText}` : `has ${o.label}`}.
        </p>
      </div>
    );
  }
  return (
    <div className="card" data-testid="recommendation" data-run-id={r.id}>
      <h3 style={{ marginTop: 0 }}>
        Energy-optimal configuration{view.slo.length ? ' meeting the SLOs' : ''}{' '}
        {r.simulated && <span className="badge badge-sim">SIMULATED</span>}
      </h3>
      <div>
        <a href={`/runs/${r.id}`} data-testid="recommended-link">
          <b>{r.model}</b> on {r.gpuCount}× {r.gpu} ({r.engine})
        </a>{' '}
        — <KnobList knobs={r.knobs} />
      </div>
      <div style={{ marginTop: 4 }}>
        <span className="has-def" title={METRIC_BY_KEY.get(o.key)?.definition}>{o.label}</span>: <b>{fmtNum((r.metrics[o.key] ?? NaN) * o.factor)}</b> {o.unit}
        {sloText && <span className="muted"> · SLOs: {sloText}</span>}
      </div>
      {view.savings && (
        <div style={{ marginTop: 6, fontSize: 15 }} data-testid="savings">
          <b>{view.savings.text}</b>
          {view.baseline.run && (
            <span className="muted">
              {' '}
              vs baseline <a href={`/runs/${view.baseline.run.id}`}>{view.baseline.run.label}</a> (<KnobList knobs={view.baseline.run.knobs} />)
            </span>
          )}
        </div>
      )}
      {view.baseline.note && <div className="muted" style={{ marginTop: 4 }}>{view.baseline.note}</div>}
    </div>
  );
}

export function PriceOfSlo({ view }: { view: ExplorerView }) {
  const p = view.price;
  if (!p) return <p className="muted">Pick an SLO metric to see what tightening it costs.</p>;
  if (p.points.length === 0) return <p className="muted" data-testid="price-empty">No run has both {p.label} and {view.objective.label}.</p>;
  const o = view.objective;
  return (
    <div data-testid="price-of-slo">
      <LineChart
        testid="price-chart"
        series={[{ name: `min ${o.label}`, points: p.points.map((q) => ({ x: q.threshold, y: q.best * o.factor, id: q.id })), step: true, color: '#0b6e4f' }]}
        xLabel={`${p.label} SLO (${p.unit})`}
        xTitle={METRIC_BY_KEY.get(p.metric)?.definition}
        yLabel={`min ${o.label} (${o.unit})`}
        yTitle={METRIC_BY_KEY.get(o.key)?.definition}
        markers={p.current !== null ? [{ x: p.current, label: 'current SLO' }] : []}
        width={520}
        height={280}
      />
      <p className="muted" style={{ fontSize: 12 }}>
        Lowest feasible {o.label.toLowerCase()} as the {p.label} maximum tightens (all other SLOs held). {p.points.length} steps; each step is a run on
        the ({p.label}, {o.label}) frontier.
      </p>
    </div>
  );
}

export function Sensitivity({ sens }: { sens: SensitivityView }) {
  if (!sens.panels.length) return <p className="muted" data-testid="sensitivity-empty">No runs have both {sens.metric.label} and {sens.knob.label}.</p>;
  return (
    <div data-testid="sensitivity">
      <div className="grid2" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: '0.5rem' }}>
        {sens.panels.map((p) => (
          <div key={p.facet} data-testid="sensitivity-panel">
            <LineChart
              compact
              title={sens.facet === 'none' ? 'all runs' : p.facet}
              series={p.lines.map((l) => ({ name: sens.series ? `${sens.series.key}=${l.series ?? '—'}` : sens.metric.label, points: l.points.map((q) => ({ x: q.x, y: q.mean })) }))}
              xLabel={`${sens.knob.label} (${sens.knob.unit})`}
              xTitle={sens.knob.definition}
              yLabel={`${sens.metric.label} (${sens.metric.unit})`}
              yTitle={sens.metric.definition}
              width={320}
              height={210}
            />
          </div>
        ))}
      </div>
      {sens.series && (
        <p className="muted" style={{ fontSize: 12 }}>
          One line per {sens.series.label}; points are means over runs sharing the knob values (hover a line for its value).
        </p>
      )}
      {sens.hiddenPanels > 0 && <p className="muted">{sens.hiddenPanels} more panels not shown; filter to see them.</p>}
    </div>
  );
}
