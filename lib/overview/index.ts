/**
 * Everything the overview page shows, computed live from the store: counts, the headline findings
 * (each with the explorer view that shows it) and each model's energy-optimal configuration.
 * Server-only (reads SQLite); the page only formats.
 */
import type { DB } from '@/db/client';
import { DEFAULT_VIEW, viewStateToQuery, type ViewState } from '@/lib/explore/state';
import { clockFindings, type ClockFinding } from './clock-finding';
import { gpuFinding, type GpuFinding } from './gpu-finding';
import { modelOptima, optimaStudy, OVERVIEW_SLO, sloPrice, type ModelOptimum, type SloPrice } from './model-optima';

export { OVERVIEW_SLO };

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
  optima: { studyId: number; studyName: string; rows: Array<ModelOptimum & { href: string }>; price: SloPrice | null; priceHref: string; gpu: (GpuFinding & { href: string }) | null } | null;
}

const explore = (patch: Partial<ViewState>) => `/explore${viewStateToQuery({ ...structuredClone(DEFAULT_VIEW), ...patch })}`;

function listStudiesWithCounts(db: DB): OverviewStudy[] {
  const rows = db.$client
    .prepare(
      `SELECT s.id, s.name, s.description, s.is_demo, s.attribution,
        (SELECT COUNT(*) FROM runs r WHERE r.study_id = s.id),
        (SELECT COUNT(*) FROM runs r WHERE r.study_id = s.id AND r.simulated = 1)
       FROM studies s ORDER BY s.id`,
    )
    .raw(true)
    .all() as [number, string, string | null, number, string | null, number, number][];
  return rows.map(([id, name, description, isDemo, attribution, runs, simulatedRuns]) => ({
    id,
    name,
    description,
    isDemo: isDemo === 1,
    attribution: attribution ? (JSON.parse(attribution) as Record<string, string>) : null,
    runs,
    simulatedRuns,
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

export function computeOverview(db: DB): Overview {
  const studies = listStudiesWithCounts(db);
  const name = (id: number) => studies.find((s) => s.id === id)?.name ?? `study ${id}`;
  const clock = clockFindings(db)[0] ?? null;
  const optStudy = optimaStudy(db);
  let optima: Overview['optima'] = null;
  if (optStudy !== null) {
    const slo = { [OVERVIEW_SLO.metric]: OVERVIEW_SLO.maxMs };
    const rows = modelOptima(db, optStudy).map((o) => ({ ...o, href: explore({ study: optStudy, model: [o.model], gpu: [o.gpu], slo, sel: o.run ? [o.run.id] : [] }) }));
    const gpu = gpuFinding(rows);
    optima = {
      studyId: optStudy,
      studyName: name(optStudy),
      rows,
      price: sloPrice(rows),
      priceHref: explore({ study: optStudy, slo, priceMetric: OVERVIEW_SLO.metric }),
      gpu: gpu && { ...gpu, href: explore({ study: optStudy, slo, gpu: [gpu.better, gpu.worse], color: 'gpu' }) },
    };
  }
  return {
    totalRuns: studies.reduce((a, s) => a + s.runs, 0),
    simulatedRuns: studies.reduce((a, s) => a + s.simulatedRuns, 0),
    studies,
    clock: clock && { ...clock, studyName: name(clock.studyId), href: clockHref(clock) },
    optima,
  };
}
