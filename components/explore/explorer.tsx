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
import type { SensitivityView } from '@/lib/explore/sensitivity';
import { parseViewState, viewStateToQuery, type ViewState } from '@/lib/explore/state';
import type { ExplorerView } from '@/lib/explore/types';
import { unpack, type Packed } from '@/lib/wire/packed';
import { ChartPanel } from './chart-panel';
import { ExplorerDetails } from './details';
import { Controls } from './controls';
import { Counts } from './panels';
import { modelCount } from './view-display';
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
  /** Packed (lib/wire/packed): the page's inline copy of a view of many runs is half keys. */
  initialView: Packed<ExplorerView>;
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

  const firstView = useMemo(() => unpack(initialView), [initialView]);
  const fq = frontierQuery(st);
  const frontier = useQuery({
    queryKey: ['frontier', fq],
    queryFn: () => apiFetch<ExplorerView>(`/api/frontier${fq}`),
    initialData: fq === frontierQuery(initialState) ? firstView : undefined,
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
      {/* The chart comes first in the page, the view settings after it: beside it on a wide screen,
          below it on a narrow one. A browser draws the marks once it has parsed up to them, and
          a dozen form controls ahead of them cost more than the chart's own SVG (docs/benchmarks.md);
          on a phone they pushed the chart off the first screen. DOM, visual and keyboard order agree. */}
      <div className="explore-layout">
        <section
          id="chart"
          className="card"
          aria-label="Chart"
          data-loading={frontier.isFetching ? '1' : '0'}
          data-testid="chart-card"
        >
          {view && (
            <div style={{ opacity: frontier.isPlaceholderData ? 0.6 : 1 }}>
              <div className="row" style={{ justifyContent: 'space-between', marginBottom: 4 }}>
                <Counts view={view} />
                <div className="row" style={{ gap: 6 }}>
                  <a className="btn btn-small explore-settings-link" href="#view-settings">
                    View settings
                  </a>
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
          {!view && <p className="muted">No chart: the view could not be loaded.</p>}
        </section>
        <aside
          id="view-settings"
          className="card explore-settings"
          aria-labelledby="view-settings-title"
          data-testid="view-settings"
        >
          <h2 id="view-settings-title" className="explore-settings-title">
            View settings
          </h2>
          <Controls st={st} view={view} patch={patch} />
          {/* Under the chart (a narrow screen), a changed setting redraws a chart out of sight. */}
          <a className="btn btn-small explore-settings-link" href="#chart" style={{ marginTop: '0.6rem' }}>
            Back to the chart
          </a>
        </aside>
      </div>
      {/* Below the chart card (off the first screen at 1440x900): rendered once React owns the page,
          so the server renders and sends only what is on screen first (docs/benchmarks.md). */}
      {hydrated ? (
        <ExplorerDetails
          st={st}
          view={view}
          sens={sens}
          patch={patch}
          multiModel={multiModel}
          showModel={showModel}
          toggleSel={toggleSel}
          showAllPanels={() => setAllPanels(true)}
        />
      ) : (
        <div className="card muted" data-testid="details-pending" aria-busy="true">
          Loading the per-model answers, tables and knob sensitivity…
        </div>
      )}
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
