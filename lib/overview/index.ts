/**
 * Everything the overview page shows, computed live from the store: counts, the headline findings
 * (each with the explorer view that shows it) and each model's energy-optimal configuration.
 * Server-only (reads SQLite); the page only formats.
 */
import type { DB } from '@/db/client';
import { studyRunCounts } from '@/db/queries/runs/facets';
import { DEFAULT_VIEW, viewStateToQuery, type ViewState } from '@/lib/explore/state';
import { clockFindings, type ClockFinding } from './clock-finding';
import { gpuFinding, type GpuFinding } from './gpu-finding';
import { modelOptima, OVERVIEW_SLO, sloPrice, type ModelOptimum, type SloPrice } from './model-optima';

export { OVERVIEW_SLO };
export { KEEP_THROUGHPUT } from './clock-finding';

export interface OverviewStudy {
  id: number;
  name: string;
  description: string | null;
  isDemo: boolean;
  attribution: Record<string, string> | null;
  runs: number;
  simulatedRuns: number;
}

export interface Overview {
  totalRuns: number;
  simulatedRuns: number;
  studies: OverviewStudy[];
  clock: (ClockFinding & { studyName: string; href: string }) | null;
  optima: {
    studyId: number;
    studyName: string;
    rows: Array<ModelOptimum & { href: string }>;
    price: SloPrice | null;
    priceHref: string;
    gpu: (GpuFinding & { href: string }) | null;
  } | null;
}

const explore = (patch: Partial<ViewState>) =>
  `/explore${viewStateToQuery({ ...structuredClone(DEFAULT_VIEW), ...patch })}`;

/**
 * Headlines read only studies up to this many runs: their queries scan the runs of the studies
 * they read, and the overview must stay quick on a store with a million-run study (that study is
 * listed, and explored in the explorer, but not summarised here).
 */
export const HEADLINE_MAX_STUDY_RUNS = 50_000;

function listStudiesWithCounts(db: DB): OverviewStudy[] {
  // From run_groups (kept with the runs): two GROUP BY scans of runs took ~5 s at 1M runs.
  const counts = studyRunCounts(db);
  const rows = db.$client
    .prepare('SELECT id, name, description, is_demo, attribution FROM studies ORDER BY id')
    .raw(true)
    .all() as [number, string, string | null, number, string | null][];
  return rows.map(([id, name, description, isDemo, attribution]) => ({
    id,
    name,
    description,
    isDemo: isDemo === 1,
    attribution: attribution ? (JSON.parse(attribution) as Record<string, string>) : null,
    runs: counts.get(id)?.runs ?? 0,
    simulatedRuns: counts.get(id)?.simulated ?? 0,
  }));
}

export function clockHref(f: ClockFinding): string {
  return explore({
    study: f.studyId,
    model: [f.model],
    gpu: [f.gpu],
    knobs: {
      ...(f.tp !== null ? { tp: { min: f.tp, max: f.tp } } : {}),
      ...(f.powerLimitW !== null ? { power_limit_w: { min: f.powerLimitW } } : {}),
    },
    color: 'sm_clock_mhz',
    sens: { metric: 'energy_per_output_token_j', knob: 'sm_clock_mhz', series: 'max_num_seqs', facet: 'none' },
  });
}

/** The store's change counter: data_version (other connections' commits) + this connection's changes. */
function storeVersion(db: DB): string {
  const n = (db.$client.prepare('SELECT total_changes()').raw(true).get() as [number])[0];
  return `${db.$client.pragma('data_version', { simple: true })}:${n}`;
}
const cache = new WeakMap<object, { version: string; value: Overview }>();

/** The overview, recomputed only when the store has changed since the last call on this connection. */
export function computeOverview(db: DB, opts: { maxStudyRuns?: number } = {}): Overview {
  if (opts.maxStudyRuns !== undefined) return computeOverviewNow(db, opts.maxStudyRuns);
  const version = storeVersion(db);
  const hit = cache.get(db.$client);
  if (hit && hit.version === version) return hit.value;
  const value = computeOverviewNow(db, HEADLINE_MAX_STUDY_RUNS);
  cache.set(db.$client, { version, value });
  return value;
}

function computeOverviewNow(db: DB, maxStudyRuns: number): Overview {
  const studies = listStudiesWithCounts(db);
  const name = (id: number) => studies.find((s) => s.id === id)?.name ?? `study ${id}`;
  const small = studies.filter((s) => s.runs > 0 && s.runs <= maxStudyRuns);
  const clock =
    clockFindings(
      db,
      small.map((s) => s.id),
    )[0] ?? null;
  let optima: Overview['optima'] = null;
  // The per-model table describes measured data first: the study with the most measured runs.
  const candidates = small
    .slice()
    .sort((a, b) => b.runs - b.simulatedRuns - (a.runs - a.simulatedRuns) || b.runs - a.runs || a.id - b.id);
  for (const st of candidates) {
    const found = modelOptima(db, st.id);
    if (!found.length) continue;
    const slo = { [OVERVIEW_SLO.metric]: OVERVIEW_SLO.maxMs };
    const rows = found.map((o) => ({
      ...o,
      href: explore({ study: st.id, model: [o.model], gpu: [o.gpu], slo, sel: o.run ? [o.run.id] : [] }),
    }));
    const gpu = gpuFinding(rows);
    optima = {
      studyId: st.id,
      studyName: st.name,
      rows,
      price: sloPrice(rows),
      priceHref: explore({ study: st.id, slo, priceMetric: OVERVIEW_SLO.metric }),
      gpu: gpu && { ...gpu, href: explore({ study: st.id, slo, gpu: [gpu.better, gpu.worse], color: 'gpu' }) },
    };
    break;
  }
  return {
    totalRuns: studies.reduce((a, s) => a + s.runs, 0),
    simulatedRuns: studies.reduce((a, s) => a + s.simulatedRuns, 0),
    studies,
    clock: clock && { ...clock, studyName: name(clock.studyId), href: clockHref(clock) },
    optima,
  };
}
