/**
 * agg=configs: each per-model answer (lib/explore/answers.ts) gets its model's recommended
 * configuration on that GPU (means over its runs), with the bootstrap confidence and whether it is
 * distinguishable from the runner-up (lib/configs/recommend.ts, including the stated tie rule).
 * The savings are then the configuration mean's against the same baseline run.
 */
import type { DB } from '@/db/client';
import { runSummaries, type RunSummary } from '@/db/queries/explore';
import type { MetricKey } from '@/lib/metrics/keys';
import { savings } from '@/lib/slo';
import type { ExploreAnswers } from './answers';
import { configInterval, recommendConfig, type AggregatedRead, type ConfigConfidence } from './configs-view';
import type { ViewState } from './state';

export interface PerModelConfig {
  /** The configuration's first run (its knobs are the configuration's). */
  run: RunSummary;
  runIds: number[];
  n: number;
  /** Mean and 95% interval of the objective; mean of the other axis. */
  mean: number | null;
  ci95: [number, number] | null;
  other: number | null;
  confidence: ConfigConfidence;
}

export function withConfigAnswers(
  db: DB,
  answers: ExploreAnswers,
  agg: AggregatedRead,
  plotted: readonly number[],
  objKey: MetricKey,
  otherAxis: MetricKey,
  st: ViewState,
  viewPick: ConfigConfidence | null,
) {
  const byGroup = new Map<string, number[]>();
  for (const k of plotted) {
    const c = agg.configs[k];
    const key = `${c.model}\u0000${c.gpu}`;
    const g = byGroup.get(key);
    if (g) g.push(k);
    else byGroup.set(key, [k]);
  }
  const picks = answers.perModel.map((row) => {
    const idx = byGroup.get(`${row.model}\u0000${row.gpu}`) ?? [];
    // One model on one GPU: its configurations are the view's (same indices, same order), and
    // so is its pick: not computed a second time.
    if (idx.length === plotted.length) return viewPick;
    return recommendConfig(agg, idx, objKey, otherAxis, st.slo);
  });
  const reps = new Map(
    runSummaries(
      db,
      picks.flatMap((p) => (p ? [agg.read.id[p.config]] : [])),
    ).map((s) => [s.id, s]),
  );
  answers.perModel.forEach((row, j) => {
    const p = picks[j];
    const run = p ? reps.get(agg.read.id[p.config]) : undefined;
    if (!p || !run) {
      row.config = null;
      return;
    }
    const mean = agg.read.cols.get(objKey)![p.config];
    const other = agg.read.cols.get(otherAxis)?.[p.config] ?? NaN;
    const c = agg.configs[p.config];
    row.config = {
      run,
      runIds: c.runIds.slice(0, 200),
      n: c.rows.length,
      mean: Number.isNaN(mean) ? null : mean,
      ci95: configInterval(agg, p.config, objKey).ci95,
      other: Number.isNaN(other) ? null : other,
      confidence: p,
    };
    const base = row.baseline?.metrics[objKey];
    const s = row.baseline && !c.runIds.includes(row.baseline.id) ? savings(objKey, base, mean) : null;
    row.saving = s ? s.fraction : null;
  });
}
