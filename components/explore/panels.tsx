/**
 * Explorer read-outs, props-only (usable in reports): counts, recommendation + savings,
 * price-of-SLO curve, knob sensitivity small multiples.
 */
import { LineChart } from '@/components/charts/line-chart';
import { PALETTE } from '@/components/charts/scale';
import { fmtNum } from '@/lib/explore/format';
import type { SensitivityView } from '@/lib/explore/sensitivity';
import type { ExplorerView } from '@/lib/explore/types';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { viewStateToQuery } from '@/lib/explore/state';
import { ConfidenceText } from './confidence';
import { KnobList } from './run-summary';

/** "mean of 3 runs [lo, hi]" for a configuration's objective (agg=configs). */
function configNote(view: ExplorerView) {
  const r = view.recommendedRun;
  if (!r || r.n === undefined) return null;
  const o = view.objective;
  const iv = o.key === view.axes.y.key ? r.yi : o.key === view.axes.x.key ? r.xi : undefined;
  return (
    <span className="muted" data-testid="rec-config-n">
      {' '}
      · mean of {r.n} run{r.n === 1 ? '' : 's'}
      {iv ? `, 95% interval [${fmtNum(iv[0] * o.factor)}, ${fmtNum(iv[1] * o.factor)}]` : ''}
      {r.n === 1 ? ': single run, no estimate of noise' : ''}
    </span>
  );
}

export function Counts({ view }: { view: ExplorerView }) {
  const c = view.counts;
  return (
    <div className="row muted" style={{ fontSize: 13, gap: '0.3rem 1rem' }} data-testid="counts">
      <span>
        <b data-testid="count-total">{c.total.toLocaleString()}</b> {view.configs ? 'configurations' : 'runs'}
        {view.studyName ? ` in “${view.studyName}”` : ''}
      </span>
      <span>
        <b>{c.plotted.toLocaleString()}</b> plotted
        {c.missing ? ` (${c.missing.toLocaleString()} lack ${view.axes.x.short} or ${view.axes.y.short})` : ''}
      </span>
      {view.slo.length > 0 && (
        <span>
          <b data-testid="count-feasible">{c.feasible.toLocaleString()}</b> meet the SLOs
        </span>
      )}
      <span>
        <b data-testid="count-frontier">{c.frontier}</b> on the frontier
      </span>
      {c.plotted - c.frontier > c.sampled && !view.state.frontierOnly && (
        <span>showing a grid sample of {c.sampled.toLocaleString()} dominated runs</span>
      )}
      {view.configs && (
        <span data-testid="count-single">
          {view.configs.single
            ? `${view.configs.single.toLocaleString()} of them single runs (no whiskers: no estimate of noise)`
            : 'each with repeats (whiskers: 95% interval of the mean)'}
        </span>
      )}
      {c.simulated > 0 && (
        <span>
          <span className="badge badge-sim">SIMULATED</span> {c.simulated.toLocaleString()} simulated runs (squares)
        </span>
      )}
    </div>
  );
}

/** Says which it is: an SLO metric no run records, no run within the bounds, or no objective data. */
function whyNoRecommendation(view: ExplorerView, sloText: string): string {
  const stats = view.answers?.sloStats ?? [];
  const missing = stats.filter((s) => s.present === 0).map((s) => METRIC_BY_KEY.get(s.metric)?.label ?? s.metric);
  if (missing.length)
    return `No run in this selection records ${missing.join(' or ')}, so none can meet an SLO on it. Remove that SLO or pick another study.`;
  if (view.counts.plotted === 0)
    return `No run has both ${view.axes.x.label} and ${view.axes.y.label}: pick axes the study has.`;
  if (view.slo.length) {
    const parts = stats
      .map((s) => `${s.meeting} of ${s.present} runs with ${METRIC_BY_KEY.get(s.metric)?.short} meet its bound`)
      .join('; ');
    return `No plotted run meets all of ${sloText} (${parts}).`;
  }
  return `No plotted run has ${view.objective.label}.`;
}

export function Recommendation({ view, crossModel = false }: { view: ExplorerView; crossModel?: boolean }) {
  const r = view.recommendedRun;
  const o = view.objective;
  const sloText = view.slo
    .map(
      (s) =>
        `${METRIC_BY_KEY.get(s.metric)?.short} ${s.kind === 'max' ? '≤' : '≥'} ${fmtNum(s.bound)} ${METRIC_BY_KEY.get(s.metric)?.unit}`,
    )
    .join(', ');
  if (!r) {
    return (
      <div className="card" data-testid="recommendation">
        <h3 style={{ marginTop: 0 }}>
          {crossModel ? 'Lowest across all models shown' : 'Energy-optimal configuration'}
        </h3>
        <p className="error" data-testid="no-recommendation">
          {whyNoRecommendation(view, sloText)}
        </p>
      </div>
    );
  }
  return (
    <div className="card" data-testid="recommendation" data-run-id={r.id}>
      <h3 style={{ marginTop: 0 }}>
        {crossModel ? 'Lowest across all models shown' : 'Energy-optimal configuration'}
        {view.slo.length ? ' meeting the SLOs' : ''} {r.simulated && <span className="badge badge-sim">SIMULATED</span>}
      </h3>
      <div>
        <a href={`/runs/${r.id}`} data-testid="recommended-link">
          <b>{r.model}</b> on {r.gpuCount}× {r.gpu} ({r.engine})
        </a>{' '}
        — <KnobList knobs={r.knobs} />
      </div>
      <div style={{ marginTop: 4 }}>
        <span className="has-def" title={METRIC_BY_KEY.get(o.key)?.definition}>
          {o.label}
        </span>
        : <b>{fmtNum((r.metrics[o.key] ?? NaN) * o.factor)}</b> {o.unit}
        {configNote(view)}
        {sloText && <span className="muted"> · SLOs: {sloText}</span>}
      </div>
      {view.configs?.confidence && <ConfidenceText c={view.configs.confidence} />}
      {/* Not offered when the view is too large for configurations (its note says so). */}
      {!view.configs && !view.configsTooLarge && (
        <div className="muted" style={{ marginTop: 4, fontSize: 13 }} data-testid="runs-noise-hint">
          Each run is its own point here, so a difference within measurement noise can decide the recommendation.{' '}
          <a href={`/explore${viewStateToQuery({ ...view.state, agg: 'configs' })}`} data-testid="to-configs">
            Show configurations (mean ± 95%) and the recommendation&apos;s confidence
          </a>
        </div>
      )}
      {view.savings && (
        <div style={{ marginTop: 6, fontSize: 15 }} data-testid="savings">
          <b>{view.savings.text}</b>
          {view.baseline.run && (
            <span className="muted">
              {' '}
              vs baseline <a href={`/runs/${view.baseline.run.id}`}>{view.baseline.run.label}</a> (
              <KnobList knobs={view.baseline.run.knobs} />)
            </span>
          )}
        </div>
      )}
      {view.baseline.note && (
        <div className="muted" style={{ marginTop: 4 }}>
          {view.baseline.note}
        </div>
      )}
    </div>
  );
}

export function PriceOfSlo({ view }: { view: ExplorerView }) {
  const p = view.price;
  if (!p) return <p className="muted">Pick an SLO metric to see what tightening it costs.</p>;
  if (p.points.length === 0)
    return (
      <p className="muted" data-testid="price-empty">
        No run has both {p.label} and {view.objective.label}.
      </p>
    );
  const o = view.objective;
  return (
    <div data-testid="price-of-slo">
      <LineChart
        testid="price-chart"
        series={[
          {
            name: `min ${o.label}`,
            points: p.points.map((q) => ({ x: q.threshold, y: q.best * o.factor, id: q.id })),
            step: true,
            color: '#0b6e4f',
          },
        ]}
        xLabel={`${p.label} SLO (${p.unit})`}
        xTitle={METRIC_BY_KEY.get(p.metric)?.definition}
        yLabel={`min ${o.label} (${o.unit})`}
        yTitle={METRIC_BY_KEY.get(o.key)?.definition}
        markers={p.current !== null ? [{ x: p.current, label: 'current SLO' }] : []}
        width={520}
        height={280}
      />
      <p className="muted" style={{ fontSize: 12 }}>
        Lowest feasible {o.label.toLowerCase()} as the {p.label} maximum tightens (all other SLOs held).{' '}
        {p.points.length} steps; each step is a run on the ({p.label}, {o.label}) frontier.
      </p>
    </div>
  );
}

/** Series values across all panels, in order: one colour per value in every panel and the legend. */
function seriesValues(sens: SensitivityView): (number | null)[] {
  const vals = new Set<number | null>();
  for (const p of sens.panels) for (const l of p.lines) vals.add(l.series);
  return [...vals].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
}

function SensitivityLegend({ sens, values }: { sens: SensitivityView; values: (number | null)[] }) {
  if (!sens.series || values.length < 2) return null;
  return (
    <div className="row" style={{ fontSize: 12, gap: '0.3rem 0.8rem' }} data-testid="sensitivity-legend">
      <span className="muted">{sens.series.label}:</span>
      {values.map((v, i) => (
        <span key={String(v)} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <svg width="18" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="18" y2="4" stroke={PALETTE[i % PALETTE.length]} strokeWidth="2.5" />
          </svg>
          {v === null ? '—' : fmtNum(v)}
        </span>
      ))}
    </div>
  );
}

export function Sensitivity({ sens, onShowAll }: { sens: SensitivityView; onShowAll?: () => void }) {
  const values = seriesValues(sens);
  if (!sens.panels.length)
    return (
      <p className="muted" data-testid="sensitivity-empty">
        No runs have both {sens.metric.label} and {sens.knob.label}.
      </p>
    );
  return (
    <div data-testid="sensitivity">
      <SensitivityLegend sens={sens} values={values} />
      <div
        className="grid2"
        style={{
          gridTemplateColumns: `repeat(auto-fill, minmax(${sens.panels.length === 1 ? '100%' : 'min(300px, 100%)'}, 1fr))`,
          gap: '0.5rem',
        }}
      >
        {sens.panels.map((p) => (
          <div key={p.facet} data-testid="sensitivity-panel">
            <LineChart
              compact
              title={sens.facet === 'none' ? 'all runs' : p.facet}
              series={p.lines.map((l) => ({
                color: PALETTE[values.indexOf(l.series) % PALETTE.length],
                name: sens.series ? `${sens.series.key}=${l.series ?? '—'}` : sens.metric.label,
                points: l.points.map((q) => ({ x: q.x, y: q.mean })),
              }))}
              xLabel={`${sens.knob.label} (${sens.knob.unit})`}
              xTitle={sens.knob.definition}
              yLabel={`${sens.metric.label} (${sens.metric.unit})`}
              yTitle={sens.metric.definition}
              width={sens.panels.length === 1 ? 900 : 320}
              height={sens.panels.length === 1 ? 320 : 210}
            />
          </div>
        ))}
      </div>
      {sens.series && (
        <p className="muted" style={{ fontSize: 12 }}>
          One line per {sens.series.label}; points are means over runs sharing the knob values (hover a line for its
          value).
        </p>
      )}
      {sens.hiddenPanels > 0 && (
        <p className="muted">
          {sens.hiddenPanels} more panels not shown.{' '}
          {onShowAll && (
            <button type="button" className="btn btn-small" onClick={onShowAll} data-testid="sensitivity-show-all">
              Show all panels
            </button>
          )}
        </p>
      )}
    </div>
  );
}
