'use client';
/**
 * The explorer below its chart card: per-model answers, the recommendation, baseline and objective,
 * the price of the SLO, the selection, the frontier table and knob sensitivity. Rendered after
 * hydration (components/explore/explorer.tsx): it is off the first screen, and leaving it out of
 * the server render halves the page's HTML and server time.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { EXPLORE_KNOBS, KNOB_LABELS, type ExploreKnob } from '@/lib/explore/knobs';
import type { SensitivityView } from '@/lib/explore/sensitivity';
import type { FacetKey, ViewState } from '@/lib/explore/state';
import type { ExplorerView } from '@/lib/explore/types';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { fmtNum } from '@/lib/explore/format';
import { MetricSelect } from './metric-select';
import { PriceOfSlo, Recommendation, Sensitivity } from './panels';
import { PerModelTable } from './per-model';
import { modelCount } from './view-display';
import { KnobList } from './run-summary';

export function ExplorerDetails({
  st,
  view,
  sens,
  patch,
  multiModel,
  showModel,
  toggleSel,
  showAllPanels,
}: {
  st: ViewState;
  view: ExplorerView | undefined;
  sens: UseQueryResult<SensitivityView>;
  patch: (p: Partial<ViewState>) => void;
  multiModel: boolean;
  showModel: (model: string, gpu: string) => string;
  toggleSel: (id: number) => void;
  showAllPanels: () => void;
}) {
  return (
    <>
      {view && (
        <>
          {multiModel && <PerModelTable view={view} onShow={showModel} />}
          {multiModel ? (
            <details className="card" data-testid="cross-model" style={{ padding: '0.6rem 1rem' }}>
              <summary style={{ cursor: 'pointer' }}>
                Compare across models: the lowest {view.objective.label.toLowerCase()} among all {modelCount(view)}{' '}
                models shown (only useful if you can switch model)
              </summary>
              <div style={{ marginTop: 8 }}>
                <Recommendation view={view} crossModel />
              </div>
            </details>
          ) : (
            <Recommendation view={view} />
          )}
          <div className="grid2">
            <div>
              <div className="card">
                <h3 style={{ marginTop: 0 }}>Baseline and objective</h3>
                <div className="toolbar">
                  <label className="field">
                    <span>Baseline for savings</span>
                    <select
                      data-testid="baseline-select"
                      value={st.baseline.startsWith('run:') ? 'run' : st.baseline}
                      onChange={(e) =>
                        e.target.value !== 'run' && patch({ baseline: e.target.value as ViewState['baseline'] })
                      }
                    >
                      <option value="max_throughput">
                        highest-throughput configuration of the same model on the same GPU
                      </option>
                      <option value="max_clock">default clocks (highest SM clock), same model and GPU</option>
                      <option value="none">none</option>
                      {st.baseline.startsWith('run:') && (
                        <option value="run">my current configuration: run #{st.baseline.slice(4)}</option>
                      )}
                    </select>
                  </label>
                  <label className="field">
                    <span>My current configuration (run #)</span>
                    <input
                      key={st.baseline}
                      style={{ width: 110 }}
                      placeholder="run id, Enter"
                      data-testid="baseline-run"
                      defaultValue={st.baseline.startsWith('run:') ? st.baseline.slice(4) : ''}
                      onKeyDown={(e) => {
                        const v = Number((e.target as HTMLInputElement).value);
                        if (e.key === 'Enter' && Number.isInteger(v) && v > 0) patch({ baseline: `run:${v}` });
                      }}
                    />
                  </label>
                  <MetricSelect
                    label="Optimise"
                    value={st.objective}
                    allowNone={`auto (${METRIC_BY_KEY.get(view.objective.key)?.label})`}
                    onChange={(k) => patch({ objective: k })}
                    filter={(k) =>
                      METRIC_BY_KEY.get(k)?.group === 'energy' || METRIC_BY_KEY.get(k)?.group === 'throughput'
                    }
                    available={view.answers?.availability}
                  />
                </div>
              </div>
              <Selection st={st} patch={patch} view={view} />
            </div>
            <div className="card">
              <h3 style={{ marginTop: 0 }}>Price of the SLO</h3>
              <MetricSelect
                label="SLO metric swept"
                value={st.priceMetric}
                allowNone={`auto (${view.price?.label ?? 'none'})`}
                onChange={(k) => patch({ priceMetric: k })}
                testid="pslo-select"
                available={view.answers?.availability}
              />
              <PriceOfSlo view={view} />
            </div>
          </div>
          <FrontierTable view={view} sel={st.sel} toggle={toggleSel} />
        </>
      )}
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Knob sensitivity</h3>
        <div className="toolbar">
          <MetricSelect
            label="Metric"
            value={st.sens.metric}
            onChange={(k) => k && patch({ sens: { ...st.sens, metric: k } })}
            testid="sens-metric"
            available={view?.answers?.availability}
          />
          <KnobSelect
            label="vs knob"
            value={st.sens.knob}
            onChange={(k) => k && patch({ sens: { ...st.sens, knob: k } })}
            testid="sens-knob"
            available={view?.answers?.availability}
          />
          <KnobSelect
            label="one line per"
            value={st.sens.series}
            none="(single line)"
            onChange={(k) => patch({ sens: { ...st.sens, series: k } })}
            testid="sens-series"
            available={view?.answers?.availability}
          />
          <label className="field">
            <span>panel per</span>
            <select
              value={st.sens.facet}
              onChange={(e) => patch({ sens: { ...st.sens, facet: e.target.value as FacetKey } })}
            >
              {['model', 'gpu', 'engine', 'none'].map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
        </div>
        {sens.error && <p className="error">{(sens.error as Error).message}</p>}
        {sens.data && <Sensitivity sens={sens.data} onShowAll={showAllPanels} />}
      </div>
    </>
  );
}

function KnobSelect(props: {
  label: string;
  value: ExploreKnob | null;
  none?: string;
  onChange: (k: ExploreKnob | null) => void;
  testid?: string;
  available?: Record<string, number>;
}) {
  const av = props.available;
  return (
    <label className="field" title={props.value ? KNOB_LABELS[props.value].definition : undefined}>
      <span>{props.label}</span>
      <select
        data-testid={props.testid}
        value={props.value ?? ''}
        onChange={(e) => props.onChange((e.target.value || null) as ExploreKnob | null)}
      >
        {props.none && <option value="">{props.none}</option>}
        {EXPLORE_KNOBS.map((k) => (
          <option key={k} value={k} disabled={av !== undefined && !av[k] && props.value !== k}>
            {KNOB_LABELS[k].label}
            {av !== undefined && !av[k] ? ' — no data' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function Selection({ st, patch, view }: { st: ViewState; patch: (p: Partial<ViewState>) => void; view: ExplorerView }) {
  return (
    <div className="card" data-testid="selection">
      <h3 style={{ marginTop: 0 }}>Compare runs</h3>
      <p className="muted" style={{ marginTop: 0 }}>
        Select 2–6 runs: shift-click points (tap a point on a phone), or tick rows of the frontier table.
      </p>
      {
        <div className="row">
          {st.sel.map((id) => (
            <span key={id} className="badge">
              #{id}{' '}
              <button
                className="btn btn-small"
                aria-label={`remove ${id}`}
                onClick={() => patch({ sel: st.sel.filter((x) => x !== id) })}
              >
                ×
              </button>
            </span>
          ))}
          {st.sel.length >= 2 ? (
            <a
              className="btn btn-primary"
              data-testid="compare-link"
              href={`/compare?ids=${st.sel.join(',')}&x=${view.axes.x.key}&y=${view.axes.y.key}`}
            >
              Compare {st.sel.length}
            </a>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="compare-link" disabled>
              Compare ({st.sel.length} of 2+ selected)
            </button>
          )}
          {st.sel.length > 0 && (
            <button className="btn btn-small" onClick={() => patch({ sel: [] })}>
              clear
            </button>
          )}
        </div>
      }
    </div>
  );
}

function FrontierTable({ view, sel, toggle }: { view: ExplorerView; sel: number[]; toggle: (id: number) => void }) {
  const { x, y } = view.axes;
  if (!view.frontierPoints.length) return null;
  return (
    <div className="card table-wrap">
      <h3 style={{ marginTop: 0 }}>
        Frontier {view.configs ? 'configurations' : 'runs'} ({view.frontierPoints.length}), in order of {x.short}
        {view.configs ? ' (means; run = the configuration’s first run)' : ''}
      </h3>
      <table className="table" data-testid="frontier-table">
        <thead>
          <tr>
            <th>cmp</th>
            <th>run</th>
            <th>model</th>
            <th>GPU</th>
            <th>knobs</th>
            <th className="num" title={x.definition}>
              {x.short} ({x.unit})
            </th>
            <th className="num" title={y.definition}>
              {y.short} ({y.unit})
            </th>
          </tr>
        </thead>
        <tbody>
          {view.frontierPoints.slice(0, 200).map((p) => (
            <tr key={p.id} data-run-id={p.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`select run ${p.id}`}
                  checked={sel.includes(p.id)}
                  onChange={() => toggle(p.id)}
                />
              </td>
              <td>
                <a href={`/runs/${p.id}`}>#{p.id}</a>
                {p.n !== undefined && <span className="muted"> n = {p.n}</span>}{' '}
                {p.id === view.recommended && <span className="badge badge-ok">recommended</span>}{' '}
                {p.simulated && <span className="badge badge-sim">SIMULATED</span>}
              </td>
              <td>{p.model}</td>
              <td>
                {p.gpuCount}× {p.gpu}
              </td>
              <td>
                <KnobList knobs={p.knobs} />
              </td>
              <td className="num">{fmtNum((p.x ?? NaN) * x.factor)}</td>
              <td className="num">{fmtNum((p.y ?? NaN) * y.factor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
