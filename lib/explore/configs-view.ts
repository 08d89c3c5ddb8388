/**
 * The explorer's configuration view (agg=configs): runs pooled into configurations (same model,
 * GPU and count, engine and version, measured/simulated, every knob and dataset: lib/configs), each
 * drawn at its mean with 95% whiskers, the frontier computed on the means, and the recommendation
 * with its bootstrap confidence and the runner-up test (lib/configs/recommend.ts).
 *
 * Works on the explorer's in-memory column read: `aggregateConfigs` turns the per-run columns into
 * per-configuration columns of means (same shape as a run read), so compute.ts runs the same
 * feasibility / frontier / sampling steps over them. Only the identity fields the columns lack
 * (GPU count, engine version, free-form knobs, dataset) are read from SQLite, once per run
 * (db/queries/config-identity.ts).
 */
import type { DB } from '@/db/client';
import { configIdentity } from '@/db/queries/config-identity';
import { versionedCache } from '@/db/queries/data-version';
import { readColumns, type ColumnRead, type NumericColumn, type ResolvedFilters } from '@/db/queries/explore';
import {
  configLabel,
  pickConfiguration,
  RATIO_METRICS,
  seedOf,
  summarizeValues,
  varyingKnobs,
  type Configuration,
} from '@/lib/configs';
import type { RunForConfig } from '@/lib/configs/types';
import type { MetricKey } from '@/lib/metrics/keys';
import { isMetricKey } from '@/lib/metrics/keys';
import type { SloSpec } from '@/lib/slo';
import { EXPLORE_KNOBS, type ExploreKnob } from './knobs';

/** One configuration of the aggregated read. */
export interface ConfigInfo {
  key: string;
  model: string;
  gpu: string;
  engine: string;
  simulated: boolean;
  knobs: Partial<Record<ExploreKnob, number>>;
  /** Same for every configuration that differs only in SM clock (a clock-curve family). */
  clockFamily: string;
  /** Rows of the run read (indices), in id order. */
  rows: number[];
  runIds: number[];
}

export interface AggregatedRead {
  /** Per-configuration columns: id = the configuration's first run, numeric columns = means. */
  read: ColumnRead;
  configs: ConfigInfo[];
  /** The run read it was built from (for intervals and bootstrap). */
  runs: ColumnRead;
}

export interface ConfigInterval {
  /** Runs with the metric. */
  n: number;
  /** 95% interval for the mean; null for one run (no estimate of noise). */
  ci95: [number, number] | null;
  method: 't' | 'bootstrap' | null;
}

/**
 * The most runs a configuration view (agg=configs, or predictions, which fit per configuration)
 * pools. Grouping, per-configuration means and the recommendation's confidence cost ~10-25 µs per
 * run per view on the event loop: at 41,000 runs 0.4-0.7 s, and a whole study of 1M runs took
 * 30-40 s, holding every other request. A larger view is drawn as runs, with a note.
 */
export const MAX_CONFIG_VIEW_RUNS = 50_000;

/**
 * Configurations of a filter's runs: which runs pool together depends on the filters and the data
 * alone, not on the axes or SLOs, so it is kept per filter and data version (a new SLO on a large
 * study regrouped every run, ~4 µs each, before computing anything).
 */
const groupingCache = versionedCache<{ n: number; configs: ConfigInfo[] }>('config-groups', 8);

/** The configuration of each run read row, from the in-memory category and knob columns. */
export function aggregateConfigs(db: DB, f: ResolvedFilters, runs: ColumnRead): AggregatedRead {
  const knobCols = EXPLORE_KNOBS.filter((k) => runs.cols.has(k));
  const key = JSON.stringify([f.study, f.model, f.gpu, f.engine, f.sim, f.knobs, knobCols]);
  const scope = typeof f.study === 'number' ? f.study : 'all';
  const group = () => ({ n: runs.n, configs: groupConfigsOf(db, f, runs, knobCols) });
  let g = groupingCache.get(db, key, group, scope);
  if (g.n !== runs.n) g = group(); // never expected: same filter and version, same rows
  return { read: meansRead(runs, g.configs), configs: g.configs, runs };
}

function groupConfigsOf(db: DB, f: ResolvedFilters, runs: ColumnRead, knobCols: ExploreKnob[]): ConfigInfo[] {
  const model = readColumns(db, f, [], 'model');
  const gpu = readColumns(db, f, [], 'gpu');
  const engine = readColumns(db, f, [], 'engine');
  const ident = configIdentity(db, runs.id);
  const byKey = new Map<string, ConfigInfo>();
  const configs: ConfigInfo[] = [];
  for (let i = 0; i < runs.n; i++) {
    const knobVals = knobCols.map((k) => runs.cols.get(k)![i]);
    const ids = [model.catCodes![i], gpu.catCodes![i], engine.catCodes![i], runs.simulated[i], ident[i]];
    const knobPart = knobVals.map((v) => (Number.isNaN(v) ? null : v));
    const key = JSON.stringify([ids, knobPart]);
    let c = byKey.get(key);
    if (!c) {
      const knobs: ConfigInfo['knobs'] = {};
      knobCols.forEach((k, j) => {
        if (!Number.isNaN(knobVals[j])) knobs[k] = knobVals[j];
      });
      const clock = knobCols.indexOf('sm_clock_mhz');
      c = {
        key,
        clockFamily: JSON.stringify([ids, knobPart.map((v, j) => (j === clock ? null : v))]),
        model: model.categories[model.catCodes![i]],
        gpu: gpu.categories[gpu.catCodes![i]],
        engine: engine.categories[engine.catCodes![i]],
        simulated: runs.simulated[i] === 1,
        knobs,
        rows: [],
        runIds: [],
      };
      byKey.set(key, c);
      configs.push(c);
    }
    c.rows.push(i);
    c.runIds.push(runs.id[i]);
  }
  return configs;
}

/** Per-configuration columns: means of the present values (NaN when no run has the metric). */
function meansRead(runs: ColumnRead, configs: ConfigInfo[]): ColumnRead {
  const n = configs.length;
  const id = new Float64Array(n);
  const simulated = new Uint8Array(n);
  const catCodes = runs.catCodes ? new Int32Array(n) : null;
  configs.forEach((c, k) => {
    id[k] = runs.id[c.rows[0]];
    simulated[k] = runs.simulated[c.rows[0]];
    if (catCodes) catCodes[k] = runs.catCodes![c.rows[0]];
  });
  const cols = new Map<NumericColumn, Float64Array>();
  for (const [name, arr] of runs.cols) {
    const out = new Float64Array(n);
    configs.forEach((c, k) => {
      let s = 0;
      let m = 0;
      for (const i of c.rows)
        if (!Number.isNaN(arr[i])) {
          s += arr[i];
          m++;
        }
      out[k] = m ? s / m : NaN;
    });
    cols.set(name, out);
  }
  return { n, id, simulated, cols, catCodes, categories: runs.categories };
}

/** n and the 95% interval of a configuration's mean on one metric (lib/configs/summary.ts rules). */
export function configInterval(agg: AggregatedRead, k: number, m: MetricKey): ConfigInterval {
  const arr = agg.runs.cols.get(m);
  const c = agg.configs[k];
  if (!arr) return { n: 0, ci95: null, method: null };
  const v: number[] = [];
  for (const i of c.rows) if (!Number.isNaN(arr[i])) v.push(arr[i]);
  const s = summarizeValues(v, RATIO_METRICS.has(m), seedOf(c.key));
  return { n: s.n, ci95: s.ci95, method: s.method };
}

/** Configurations (lib/configs shape) of the given aggregated indices, with the metrics named. */
function asConfigurations(agg: AggregatedRead, idx: readonly number[], metrics: readonly MetricKey[]): Configuration[] {
  return idx.map((k) => {
    const c = agg.configs[k];
    const runs: RunForConfig[] = c.rows.map((i) => {
      const mv: Partial<Record<MetricKey, number>> = {};
      for (const m of metrics) {
        const v = agg.runs.cols.get(m)?.[i];
        if (v !== undefined && !Number.isNaN(v)) mv[m] = v;
      }
      return {
        id: agg.runs.id[i],
        model: c.model,
        gpu: c.gpu,
        gpuCount: 0,
        engine: c.engine,
        engineVersion: null,
        simulated: c.simulated,
        knobs: c.knobs as Record<string, number>,
        dataset: null,
        metrics: mv,
        inLen: null,
        outLen: null,
      };
    });
    return {
      key: c.key,
      model: c.model,
      gpu: c.gpu,
      gpuCount: 0,
      engine: c.engine,
      engineVersion: null,
      simulated: c.simulated,
      knobs: c.knobs as Record<string, number>,
      dataset: null,
      runs,
    };
  });
}

/** The recommendation's confidence, as the explorer shows it. */
export interface ConfigConfidence {
  /** Aggregated index of the recommended configuration (after the tie rule). */
  config: number;
  runnerUp: number | null;
  /** Fraction of bootstrap resamples in which it is the best feasible configuration. */
  confidence: number;
  resamples: number;
  status: 'distinguishable' | 'indistinguishable' | 'no-noise-estimate' | 'no-runner-up';
  p: number | null;
  tieBreakApplied: boolean;
  rule: string;
  /** lib/configs' full sentence (the explorer shows a shorter one built from these fields). */
  sentence: string;
  /** "max_num_seqs=64, sm_clock_mhz=1200 (n = 3)": what tells them apart. */
  label: string;
  runnerUpLabel: string | null;
}

/**
 * The recommended configuration among `idx` (aggregated indices of plotted configurations) on
 * `objective`, the other axis `other` breaking ties, under the SLOs: lib/configs/recommend.ts.
 */
export function recommendConfig(
  agg: AggregatedRead,
  idx: readonly number[],
  objective: MetricKey,
  other: MetricKey,
  slo: SloSpec,
  resamples?: number,
): ConfigConfidence | null {
  if (!idx.length) return null;
  const metrics = [...new Set<MetricKey>([objective, other, ...(Object.keys(slo) as MetricKey[])])].filter(isMetricKey);
  const configs = asConfigurations(agg, idx, metrics);
  const view = pickConfiguration(configs, { x: other, y: objective, slo, resamples });
  const r = view.recommendation;
  if (!r) return null;
  const d = r.distinction;
  const ru = r.runnerUp === null ? null : r.runnerUp === r.config ? r.bestOnMeans : r.runnerUp;
  const knobs = varyingKnobs(configs);
  const models = new Set(configs.map((c) => `${c.model} on ${c.gpu}`)).size > 1;
  const name = (k: number) =>
    `${models ? `${configs[k].model} on ${configs[k].gpu}: ` : ''}${configLabel(configs[k], knobs)} (n = ${configs[k].runs.length})`;
  return {
    label: name(r.config),
    runnerUpLabel: ru === null ? null : name(ru),
    config: idx[r.config],
    runnerUp: ru === null ? null : idx[ru],
    confidence: r.confidence,
    resamples: r.resamples,
    status: d.status,
    p: d.status === 'distinguishable' || d.status === 'indistinguishable' ? d.p : null,
    tieBreakApplied: r.tieBreakApplied,
    rule: r.rule,
    sentence: r.sentence,
  };
}
