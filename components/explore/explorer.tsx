'use client';
/**
 * The explorer. The whole view state lives in the URL (lib/explore/state.ts): every control
 * pushes a new history entry, so reload, back/forward and pasted links restore the view. Data
 * comes from GET /api/frontier and /api/sensitivity through React Query; the first render uses
 * the server-computed view (initialData), so marks are drawn without waiting for a fetch.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { EXPLORE_KNOBS, KNOB_LABELS, type ExploreKnob } from '@/lib/explore/knobs';
import type { SensitivityView } from '@/lib/explore/sensitivity';
import { parseViewState, viewStateToQuery, type FacetKey, type ViewState } from '@/lib/explore/state';
import type { ExplorerView } from '@/lib/explore/types';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { fmtNum } from '@/lib/explore/format';
import { ChartPanel } from './chart-panel';
import { Controls } from './controls';
import { MetricSelect } from './metric-select';
import { Counts, PriceOfSlo, Recommendation, Sensitivity } from './panels';
import { PerModelTable } from './per-model';
import { modelCount } from './view-display';
import { KnobList } from './run-summary';
import { CreateReportButton } from '@/components/reports/create-report-button';
import { apiFetch } from '@/lib/client/api';

/** Query string of the parts of the state each endpoint depends on (so unrelated edits don't refetch). */
function frontierQuery(st: ViewState) {
  return viewStateToQuery({
    ...st,
    sens: { metric: 'energy_per_output_token_j', knob: 'max_num_seqs', series: null, facet: 'gpu' },
    sel: [],
  });
}
function sensQuery(st: ViewState) {
  return viewStateToQuery({
    ...st,
    slo: {},
    color: 'gpu',
    size: null,
    logX: true,
    logY: true,
    unit: 'j',
    baseline: 'max_throughput',
    objective: null,
    priceMetric: null,
    sel: [],
    frontierOnly: false,
    agg: 'runs',
    pred: false,
    shape: 'none',
    x: 'itl_ms_p99',
    y: 'energy_per_output_token_j',
    grid: 400,
    price: 0.1,
  });
}

/** The runs-table query for the explorer's filters (study, model, GPU, engine). */
function runsTableQuery(st: ViewState): string {
  const q = new URLSearchParams();
  if (typeof st.study === 'number') q.set('study', String(st.study));
  for (const [k, vals] of [
    ['model', st.model],
    ['gpu', st.gpu],
    ['engine', st.engine],
  ] as const)
    for (const v of vals ?? []) q.append(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function Explorer({
  initialQuery,
  initialView,
  initialSens,
}: {
  initialQuery: string;
  initialView: ExplorerView;
  initialSens: SensitivityView;
}) {
  const sp = useSearchParams();
  const pathname = usePathname();
  const spQuery = sp.toString();
  // Next applies a pushState to useSearchParams in a transition, a frame or more later. Until it
  // does, the view shows the query just pushed (so a controlled checkbox does not snap back when
  // clicked), and any history change (back/forward, the push landing) drops that pending copy.
  const [pending, setPending] = useState<string | null>(null);
  useEffect(() => setPending(null), [spQuery]);
  const query = pending ?? spQuery;
  // Set once React owns the page: marks are server-rendered, so they show before their handlers
  // exist; tests (and nothing else) wait for this before hovering or clicking.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const { state: st, issues } = useMemo(() => parseViewState(new URLSearchParams(query)), [query]);
  const initialState = useMemo(() => parseViewState(new URLSearchParams(initialQuery)).state, [initialQuery]);

  const patch = useCallback(
    (p: Partial<ViewState>) => {
      // Start from the address bar, not the last render: two quick edits must not lose the first.
      const current = parseViewState(new URLSearchParams(window.location.search)).state;
      const search = viewStateToQuery({ ...current, ...p });
      const url = `${pathname}${search}`;
      // One history entry per real change: an SLO field commits on Enter, blur and a debounce,
      // and pushing the same URL twice would make "back" look broken.
      if (url === `${window.location.pathname}${window.location.search}`) return;
      window.history.pushState(null, '', url);
      setPending(search.replace(/^\?/, ''));
    },
    [pathname],
  );

  const fq = frontierQuery(st);
  const frontier = useQuery({
    queryKey: ['frontier', fq],
    queryFn: () => apiFetch<ExplorerView>(`/api/frontier${fq}`),
    initialData: fq === frontierQuery(initialState) ? initialView : undefined,
    placeholderData: keepPreviousData,
  });
  const [allPanels, setAllPanels] = useState(false);
  const sq = sensQuery(st);
  const sens = useQuery({
    queryKey: ['sensitivity', sq, allPanels],
    queryFn: () => apiFetch<SensitivityView>(`/api/sensitivity${sq}${allPanels ? `${sq ? '&' : '?'}panels=all` : ''}`),
    initialData: sq === sensQuery(initialState) && !allPanels ? initialSens : undefined,
    placeholderData: keepPreviousData,
  });
  const view = frontier.data;
  const toggleSel = (id: number) =>
    patch({ sel: st.sel.includes(id) ? st.sel.filter((x) => x !== id) : [...st.sel, id].slice(-6) });

  const multiModel = view ? modelCount(view) > 1 : false;
  const showModel = (model: string, gpu: string) =>
    `${pathname}${viewStateToQuery({ ...st, model: [model], gpu: [gpu], sel: [] })}`;

  return (
    <div className="stack" style={{ gap: '1rem' }} data-testid="explorer" data-hydrated={hydrated ? '1' : '0'}>
      {issues.length > 0 && <div className="banner">Ignored URL parameters: {issues.join('; ')}</div>}
      {frontier.error && (
        <div className="banner banner-error">Could not load the frontier: {(frontier.error as Error).message}</div>
      )}
      <div
        className="card"
        style={{ marginBottom: 0 }}
        data-loading={frontier.isFetching ? '1' : '0'}
        data-testid="chart-card"
      >
        <Controls st={st} view={view} patch={patch} />
        {view && (
          <div
            style={{
              opacity: frontier.isPlaceholderData ? 0.6 : 1,
              marginTop: '0.6rem',
              borderTop: '1px solid var(--border)',
              paddingTop: '0.6rem',
            }}
          >
            <div className="row" style={{ justifyContent: 'space-between', marginBottom: 4 }}>
              <Counts view={view} />
              <div className="row" style={{ gap: 6 }}>
                <a className="btn btn-small" href={`/runs${runsTableQuery(st)}`} data-testid="open-runs-table">
                  Runs table
                </a>
                {/* The report freezes what this view shows (its query), plus any selected runs. */}
                <CreateReportButton
                  view={st}
                  runIds={st.sel.length ? st.sel : undefined}
                  className="btn btn-small btn-primary"
                />
              </div>
            </div>
            {view.issues.map((m) => (
              <p key={m} className="warn" style={{ margin: '4px 0' }}>
                {m}
              </p>
            ))}
            <ChartHints view={view} multiModel={multiModel} />
            <ChartPanel view={view} selected={st.sel} onToggleSelect={toggleSel} />
          </div>
        )}
      </div>
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
        {sens.data && <Sensitivity sens={sens.data} onShowAll={() => setAllPanels(true)} />}
      </div>
    </div>
  );
}

/** Plain-language notes on what the chart shows: per-model lines, a frontier of one point. */
function ChartHints({ view, multiModel }: { view: ExplorerView; multiModel: boolean }) {
  const c = view.counts;
  const notes: string[] = [];
  if (multiModel)
    notes.push(
      `${modelCount(view)} models shown: each has its own frontier line and answer (table below). Pick one model to see its recommendation on the chart.`,
    );
  if (c.frontier === 1 && c.feasible > 1)
    notes.push(
      `The frontier is a single run: it is best on both ${view.axes.x.short} and ${view.axes.y.short} at once, so these two metrics do not trade off here (for example, higher throughput and lower energy per token usually come together). Plot energy against a latency to see a trade-off.`,
    );
  const p = view.predicted;
  if (p)
    notes.push(
      p.points.length
        ? `${p.points.length} predicted points (hollow, not measured) at SM clocks between measured ones, from ${p.families} fitted clock famil${p.families === 1 ? 'y' : 'ies'}.${p.notes.length ? ` Not predicted elsewhere: ${p.notes.join('; ')}.` : ''}`
        : `No predicted points: ${p.notes.join('; ') || 'nothing to predict'}.`,
    );
  if (!notes.length) return null;
  return (
    <div className="muted" style={{ fontSize: 12, margin: '2px 0 6px' }} data-testid="chart-hints">
      {notes.map((n) => (
        <div key={n}>{n}</div>
      ))}
    </div>
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
