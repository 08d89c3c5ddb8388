/**
 * Headline, provenance and per-run flags of a frozen report. Everything is derived from the
 * snapshot (never from the live runs table), so a report reads the same forever.
 */
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { meets, savings, sloBounds } from '@/lib/slo';
import type { ViewState } from '@/lib/explore/state';
import { EXPLORE_KNOBS, type ExploreKnob } from '@/lib/explore/knobs';
import type { DetailPoint } from '@/lib/explore/types';
import type { UnitEnergy } from './business';
import { buildStory } from './story';
import type { Headline, Provenance, ReportSnapshot, SnapshotRun } from './types';

const J_PER_KWH = 3.6e6;

function perToken(j: number, grid: number, price: number) {
  const kwh1m = (j * 1e6) / J_PER_KWH;
  return { j, kwh1m, gco2e1m: kwh1m * grid, cost1m: kwh1m * price };
}

/** Knobs whose value differs between the frozen runs: those explain the choice; constant ones do not. */
export function varyingKnobs(runs: SnapshotRun[]): ExploreKnob[] {
  return EXPLORE_KNOBS.filter(
    (k) =>
      new Set(runs.map((r) => (r.knobs as Record<string, unknown>)[k]).filter((v) => v !== undefined && v !== null))
        .size > 1,
  );
}

/** Energy per traffic unit of a run, from its catalogue metrics (GPU energy as measured or reported). */
function unitEnergy(p: DetailPoint): UnitEnergy {
  const m = p.metrics;
  return { output_tokens: m.energy_per_output_token_j, tokens: m.energy_per_token_j, requests: m.energy_per_request_j };
}

export function computeHeadline(snap: ReportSnapshot, view: ViewState): Headline {
  const ev = snap.explorer;
  const key = ev.objective.key;
  const def = METRIC_BY_KEY.get(key);
  const rec = ev.recommendedRun;
  const base = ev.baseline.run;
  const recValue = rec?.metrics[key];
  const baseValue = base?.metrics[key];
  const isPerToken = key === 'energy_per_output_token_j' || key === 'energy_per_token_j';
  const grid = view.grid;
  const price = view.price;
  const direction = def?.direction ?? 'lower';
  const knobs = varyingKnobs(snap.runs);
  const recommended =
    rec && recValue !== undefined
      ? {
          id: rec.id,
          label: rec.label,
          value: recValue,
          knobs: rec.knobs as Record<string, number>,
          model: rec.model,
          gpu: rec.gpu,
          gpuCount: rec.gpuCount,
          energy: unitEnergy(rec),
        }
      : null;
  const baseline =
    base && baseValue !== undefined
      ? {
          id: base.id,
          label: base.label,
          value: baseValue,
          note: ev.baseline.note,
          meetsSlo: ev.slo.length ? ev.baseline.feasible : null,
          mode: ev.baseline.mode,
          energy: unitEnergy(base),
        }
      : null;
  // Same rule as the explorer (lib/slo savings): signed by the objective's direction.
  const savingsFraction =
    base && rec && base.id !== rec.id ? (savings(key as MetricKey, baseValue, recValue)?.fraction ?? null) : null;
  const story = buildStory({
    objective: { label: def?.label ?? key, direction },
    slo: ev.slo,
    recommended: recommended && {
      model: recommended.model,
      gpu: recommended.gpu,
      gpuCount: recommended.gpuCount,
      knobs: rec!.knobs,
    },
    baseline: baseline && {
      label: baseline.label,
      mode: baseline.mode,
      meetsSlo: baseline.meetsSlo,
      same: baseline.id === recommended?.id,
    },
    savingsFraction,
    knobs,
  });
  return {
    objective: { key, label: def?.label ?? key, unit: def?.unit ?? '', direction },
    recommended,
    baseline,
    story,
    knobs,
    savingsFraction,
    perToken:
      isPerToken && recValue !== undefined
        ? {
            basis: key === 'energy_per_output_token_j' ? 'output tokens' : 'tokens (input + output)',
            recommended: perToken(recValue, grid, price),
            baseline: baseValue !== undefined ? perToken(baseValue, grid, price) : null,
          }
        : null,
    grid,
    price,
  };
}

export function computeProvenance(runs: SnapshotRun[]): Provenance {
  const bySource = new Map<string, Provenance['sources'][number]>();
  let simulated = 0;
  let imported = 0;
  let demo = 0;
  let measured = 0;
  for (const r of runs) {
    const sim = r.hardware.simulated || r.energy_provenance?.method === 'simulated';
    if (sim) simulated++;
    if (r.source.kind === 'import') imported++;
    else if (r.source.kind === 'demo') demo++;
    if (!sim && (r.source.kind === 'sweep' || r.source.kind === 'api')) measured++;
    const file = r.source.file_name ?? null;
    const format = r.source.format ?? null;
    const k = `${r.source.kind}|${format}|${file}`;
    const s = bySource.get(k) ?? { kind: r.source.kind, format, file, count: 0, simulated: 0 };
    s.count++;
    if (sim) s.simulated++;
    bySource.set(k, s);
  }
  return {
    total: runs.length,
    simulated,
    measured,
    imported,
    demo,
    sources: [...bySource.values()].sort((a, b) => b.count - a.count),
  };
}

/** Runs meeting every SLO of the view (missing SLO metric = not meeting it). */
export function feasibleIds(runs: SnapshotRun[], slo: ViewState['slo']): Set<number> {
  const bounds = sloBounds(slo);
  const out = new Set<number>();
  for (const r of runs) {
    if (bounds.every((b) => meets(r.metrics[b.metric as MetricKey] ?? Number.NaN, b))) out.add(r.id);
  }
  return out;
}
