/**
 * Knob sensitivity: a metric against one knob, one line per value of a second knob, one panel per
 * facet (model / GPU / engine) — the small multiples of the research figures (energy per token vs
 * SM clock, one line per batch size). Aggregated over the in-memory run columns (one linear pass).
 */
import type { DB } from '@/db/client';
import { versionedCache } from '@/db/queries/data-version';
import { columnPlan, demoStudyId, sensitivityRows } from '@/db/queries/explore';
import { warmScopeOffThread } from '@/db/queries/run-columns-thread';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { KNOB_LABELS, type ExploreKnob } from './knobs';
import type { ViewState } from './state';

export interface SensitivityLine {
  series: number | null;
  points: { x: number; mean: number; min: number; max: number; n: number }[];
}
export interface SensitivityPanel {
  facet: string;
  lines: SensitivityLine[];
}
export interface SensitivityView {
  metric: { key: MetricKey; label: string; unit: string; definition: string };
  knob: { key: ExploreKnob; label: string; unit: string; definition: string };
  series: { key: ExploreKnob; label: string } | null;
  facet: string;
  panels: SensitivityPanel[];
  /** Panels not shown (only the first maxPanels, by number of runs). */
  hiddenPanels: number;
}

/** Sensitivity views since the data last changed (same reasoning as the explorer view cache). */
const sensCache = versionedCache<SensitivityView>('sensitivity', 64);

const sensKey = (st: ViewState, opts: { maxPanels?: number }) =>
  JSON.stringify([st.study, st.model, st.gpu, st.engine, st.sim, st.knobs, st.sens, opts.maxPanels]);
const sensScope = (st: ViewState) => (typeof st.study === 'number' ? st.study : 'all');

export function computeSensitivity(db: DB, st: ViewState, opts: { maxPanels?: number } = {}): SensitivityView {
  return sensCache.get(db, sensKey(st, opts), () => buildSensitivity(db, st, opts), sensScope(st));
}

/**
 * Loads the columns a sensitivity view reads before it is computed, off the event loop when that
 * is a large read (as warmExplorerColumns does for the explorer view); nothing when it is cached.
 */
export async function warmSensitivityColumns(db: DB, st: ViewState, opts: { maxPanels?: number } = {}) {
  if (sensCache.has(db, sensKey(st, opts), sensScope(st))) return;
  const study = st.study ?? demoStudyId(db) ?? 'all';
  const { metric, knob, series } = st.sens;
  const plan = columnPlan({ ...st, study }, [metric, knob, ...(series ? [series] : [])]);
  await warmScopeOffThread(db, plan.scope, plan.numeric);
}

function buildSensitivity(db: DB, st: ViewState, opts: { maxPanels?: number }): SensitivityView {
  const maxPanels = opts.maxPanels ?? 12;
  const study = st.study ?? demoStudyId(db) ?? 'all';
  const { metric, knob, series, facet } = st.sens;
  const rows = sensitivityRows(db, { ...st, study }, metric, knob, series, facet === 'none' ? null : facet);
  const panels = new Map<string, { lines: Map<string, SensitivityLine>; n: number }>();
  for (const r of rows) {
    let p = panels.get(r.facet);
    if (!p) panels.set(r.facet, (p = { lines: new Map(), n: 0 }));
    const key = String(r.series);
    let l = p.lines.get(key);
    if (!l) p.lines.set(key, (l = { series: r.series, points: [] }));
    l.points.push({ x: r.x, mean: r.mean, min: r.min, max: r.max, n: r.n });
    p.n += r.n;
  }
  // Panels where the knob actually varies first (a single x value draws nothing useful).
  const all = [...panels.entries()].map(([f, p]) => ({
    facet: f,
    lines: [...p.lines.values()],
    n: p.n,
    varies: [...p.lines.values()].some((l) => l.points.length > 1),
  }));
  all.sort((a, b) => Number(b.varies) - Number(a.varies) || b.n - a.n || a.facet.localeCompare(b.facet));
  const m = METRIC_BY_KEY.get(metric)!;
  const k = KNOB_LABELS[knob];
  return {
    metric: { key: metric, label: m.label, unit: m.unit, definition: m.definition },
    knob: { key: knob, label: k.label, unit: k.unit, definition: k.definition },
    series: series ? { key: series, label: KNOB_LABELS[series].label } : null,
    facet,
    panels: all.slice(0, maxPanels).map(({ facet: f, lines }) => ({ facet: f, lines })),
    hiddenPanels: Math.max(0, all.length - maxPanels),
  };
}
