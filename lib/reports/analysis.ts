/**
 * Headline, provenance and per-run flags of a frozen report. Everything is derived from the
 * snapshot (never from the live runs table), so a report reads the same forever.
 */
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { meets, savings, sloBounds } from '@/lib/slo';
import type { ViewState } from '@/lib/explore/state';
import type { Headline, Provenance, ReportSnapshot, SnapshotRun } from './types';

const J_PER_KWH = 3.6e6;

function perToken(j: number, grid: number, price: number) {
  const kwh1m = (j * 1e6) / J_PER_KWH;
  return { j, kwh1m, gco2e1m: kwh1m * grid, cost1m: kwh1m * price };
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
  return {
    objective: { key, label: def?.label ?? key, unit: def?.unit ?? '' },
    recommended:
      rec && recValue !== undefined
        ? { id: rec.id, label: rec.label, value: recValue, knobs: rec.knobs as Record<string, number> }
        : null,
    baseline:
      base && baseValue !== undefined
        ? { id: base.id, label: base.label, value: baseValue, note: ev.baseline.note, meetsSlo: ev.slo.length ? ev.baseline.feasible : null }
        : null,
    // Same rule as the explorer (lib/slo savings): signed by the objective's direction.
    savingsFraction: base && rec && base.id !== rec.id ? (savings(key as MetricKey, baseValue, recValue)?.fraction ?? null) : null,
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
