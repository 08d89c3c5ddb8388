/**
 * The frontier on configuration means, the recommended configuration, and how confident that
 * recommendation is:
 *  - confidence = the fraction of bootstrap resamples (each configuration's runs resampled with
 *    replacement, all metrics of a run together) in which the recommended configuration is still
 *    the best feasible one;
 *  - whether it is distinguishable from the runner-up: Welch's test on the objective;
 *  - when it is not, a stated tie-break rule picks between the two (TIE_BREAK_RULE).
 * Feasibility and "best" reuse lib/slo (feasibleMask, recommend) and the frontier lib/pareto.
 */
import { METRIC_BY_KEY, type Direction } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { paretoFrontier } from '@/lib/pareto/frontier';
import { rng } from '@/lib/runner/stats';
import { feasibleMask, recommend, sloBounds, type SloSpec } from '@/lib/slo';
import { welch } from '@/lib/stats/welch';
import { configLabel, varyingKnobs } from './group';
import { metricValues, seedOf } from './summary';
import type { Configuration } from './types';

export const DEFAULT_CONFIDENCE_RESAMPLES = 1000;
/** Bounds the bootstrap's work (configurations x runs x resamples) on large studies. */
const MAX_BOOTSTRAP_WORK = 4_000_000;

export const TIE_BREAK_RULE =
  'When the best two configurations are indistinguishable within measurement noise, the one with the better mean on the other axis is recommended (more headroom under a latency SLO, or more throughput: the more robust choice); if that ties too, the one with more repeats (the better-measured one).';

export interface ConfigPickOptions {
  /** The other axis (latency or throughput), used for the frontier and the tie-break. */
  x: MetricKey;
  /** The objective (usually energy per output token). */
  y: MetricKey;
  slo?: SloSpec;
  resamples?: number;
}

export type Distinction =
  | { status: 'distinguishable'; p: number }
  | { status: 'indistinguishable'; p: number }
  | { status: 'no-noise-estimate'; reason: string }
  | { status: 'no-runner-up' };

export interface Recommendation {
  /** Index into the configurations of the pick (after the tie-break rule). */
  config: number;
  /** Index of the best feasible configuration on means (before the tie-break rule). */
  bestOnMeans: number;
  runnerUp: number | null;
  /** Fraction of bootstrap resamples in which `config` is the best feasible configuration. */
  confidence: number;
  /** The same fraction for the runner-up (null without one). */
  runnerUpConfidence: number | null;
  resamples: number;
  distinction: Distinction;
  /** True when the tie-break rule changed the pick away from the best mean. */
  tieBreakApplied: boolean;
  rule: string;
  sentence: string;
}

export interface ConfigView {
  /** Configuration indices on the frontier of the means, in increasing x. */
  frontier: number[];
  feasible: number[];
  recommendation: Recommendation | null;
}

const dirOf = (m: MetricKey): Direction => METRIC_BY_KEY.get(m)?.direction ?? 'lower';

function meansOf(configs: readonly Configuration[], m: MetricKey): Float64Array {
  const out = new Float64Array(configs.length);
  configs.forEach((c, i) => {
    const v = metricValues(c, m);
    out[i] = v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  });
  return out;
}

/** 0..n-1 as run ids for recommend()'s tie-break (built once per view, not per resample). */
const indexIds = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

function bestFeasible(
  n: number,
  col: (m: MetricKey) => Float64Array,
  o: ConfigPickOptions,
  exclude = -1,
  ids = indexIds(n),
): number {
  const mask = feasibleMask(n, sloBounds(o.slo ?? {}), col);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i] && i !== exclude) idx.push(i);
  return recommend(idx, col(o.y), dirOf(o.y), col(o.x), dirOf(o.x), ids);
}

/**
 * Per metric, every configuration's runs' values end to end (NaN where a run has none), and where
 * each configuration starts: the bootstrap's inner loop indexes flat typed arrays.
 */
function runValues(configs: readonly Configuration[], metrics: MetricKey[]) {
  const start = new Int32Array(configs.length + 1);
  configs.forEach((c, i) => (start[i + 1] = start[i] + c.runs.length));
  const flat = metrics.map((m) => {
    const out = new Float64Array(start[configs.length]);
    configs.forEach((c, i) =>
      c.runs.forEach((r, k) => {
        const v = r.metrics[m];
        out[start[i] + k] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
      }),
    );
    return out;
  });
  return { start, flat };
}

/** Resamples of the bootstrap: as asked (default 1,000), fewer on large studies, never under 100. */
function resampleCount(configs: readonly Configuration[], o: ConfigPickOptions, metrics: MetricKey[]): number {
  const runs = configs.reduce((a, c) => a + c.runs.length, 0);
  return Math.max(
    100,
    Math.min(
      o.resamples ?? DEFAULT_CONFIDENCE_RESAMPLES,
      Math.floor(MAX_BOOTSTRAP_WORK / Math.max(1, runs * metrics.length)),
    ),
  );
}

/**
 * Per configuration: how often (fraction of resamples) it is the best feasible one. When every
 * configuration is a single run (a sweep without repeats), every resample is the means themselves:
 * the best on means wins all of them, and the resamples are not drawn (at 7,000 configurations
 * they took ~130 ms for that certain answer).
 */
function confidenceWins(
  configs: readonly Configuration[],
  o: ConfigPickOptions,
  metrics: MetricKey[],
  best: number,
): { wins: Float64Array; B: number } {
  if (configs.some((c) => c.runs.length !== 1)) return bootstrapWins(configs, o, metrics);
  const wins = new Float64Array(configs.length);
  wins[best] = 1;
  return { wins, B: resampleCount(configs, o, metrics) };
}

/** Per configuration: how often (fraction of resamples) it is the best feasible one. */
function bootstrapWins(
  configs: readonly Configuration[],
  o: ConfigPickOptions,
  metrics: MetricKey[],
): { wins: Float64Array; B: number } {
  const B = resampleCount(configs, o, metrics);
  const rand = rng(seedOf(configs.map((c) => c.key).join('\n')));
  // Typed arrays and one pair of accumulators instead of a Map per configuration per resample:
  // with thousands of single-run configurations (a free-form knob unique to each run), the
  // allocations took ~1 s at B = 100. Same draws in the same order: the same result.
  const { start, flat } = runValues(configs, metrics);
  const cols = metrics.map(() => new Float64Array(configs.length));
  const colOf = new Map(metrics.map((m, j) => [m, cols[j]]));
  const sum = new Float64Array(metrics.length);
  const cnt = new Float64Array(metrics.length);
  const ids = indexIds(configs.length);
  const wins = new Float64Array(configs.length);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < configs.length; i++) {
      const first = start[i];
      const n = start[i + 1] - first;
      if (n === 1) {
        // One run: its resample is that run, every time. The draw is still taken, so that the
        // configurations after it see the same stream (and the result is the same).
        rand();
        for (let j = 0; j < metrics.length; j++) cols[j][i] = flat[j][first];
        continue;
      }
      for (let j = 0; j < metrics.length; j++) sum[j] = cnt[j] = 0;
      for (let k = 0; k < n; k++) {
        const r = first + Math.floor(rand() * n);
        for (let j = 0; j < metrics.length; j++) {
          const v = flat[j][r];
          if (v === v) {
            sum[j] += v;
            cnt[j]++;
          }
        }
      }
      for (let j = 0; j < metrics.length; j++) cols[j][i] = cnt[j] ? sum[j] / cnt[j] : NaN;
    }
    const w = bestFeasible(configs.length, (m) => colOf.get(m)!, o, -1, ids);
    if (w >= 0) wins[w]++;
  }
  for (let i = 0; i < wins.length; i++) wins[i] /= B;
  return { wins, B };
}

/** Between two indistinguishable configurations, the stated rule (TIE_BREAK_RULE). */
function tieBreak(
  a: number,
  b: number,
  configs: readonly Configuration[],
  meanX: Float64Array,
  xDir: Direction,
): number {
  const s = xDir === 'lower' ? 1 : -1;
  const xa = meanX[a];
  const xb = meanX[b];
  if (Number.isFinite(xa) && Number.isFinite(xb) && xa !== xb) return s * xa < s * xb ? a : b;
  return configs[b].runs.length > configs[a].runs.length ? b : a;
}

const pct = (f: number) => `${Math.round(f * 100)}%`;
const pFmt = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

export function pickConfiguration(configs: readonly Configuration[], o: ConfigPickOptions): ConfigView {
  const n = configs.length;
  const metrics = [...new Set<MetricKey>([o.x, o.y, ...sloBounds(o.slo ?? {}).map((b) => b.metric)])];
  const means = new Map(metrics.map((m) => [m, meansOf(configs, m)]));
  const col = (m: MetricKey) => means.get(m)!;
  const withBoth: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(col(o.x)[i]) && Number.isFinite(col(o.y)[i])) withBoth.push(i);
  const fr = paretoFrontier(
    withBoth.map((i) => col(o.x)[i]),
    withBoth.map((i) => col(o.y)[i]),
    dirOf(o.x),
    dirOf(o.y),
  ).map((k) => withBoth[k]);
  const mask = feasibleMask(n, sloBounds(o.slo ?? {}), col);
  const feasible = [...Array(n).keys()].filter((i) => mask[i]);
  const best = bestFeasible(n, col, o);
  if (best < 0) return { frontier: fr, feasible, recommendation: null };
  const runnerUp = bestFeasible(n, col, o, best);
  const { wins, B } = confidenceWins(configs, o, metrics, best);

  let distinction: Distinction = { status: 'no-runner-up' };
  if (runnerUp >= 0) {
    const w = welch(metricValues(configs[best], o.y), metricValues(configs[runnerUp], o.y));
    distinction = !w.ok
      ? { status: 'no-noise-estimate', reason: w.reason }
      : w.significant
        ? { status: 'distinguishable', p: w.p }
        : { status: 'indistinguishable', p: w.p };
  }
  const pick =
    distinction.status === 'indistinguishable' && runnerUp >= 0
      ? tieBreak(best, runnerUp, configs, col(o.x), dirOf(o.x))
      : best;
  const other = pick === best ? runnerUp : best;
  const labels = varyingKnobs(configs);
  const name = (i: number) => `${configLabel(configs[i], labels)} (n = ${configs[i].runs.length})`;
  const yLabel = METRIC_BY_KEY.get(o.y)?.label ?? o.y;
  const xLabel = METRIC_BY_KEY.get(o.x)?.label ?? o.x;
  const inResamples = (i: number) => `${pct(wins[i])} of ${B} bootstrap resamples of the runs`;
  let sentence: string;
  if (distinction.status === 'indistinguishable') {
    sentence =
      `Recommended: ${name(pick)}, by rule (the better mean ${xLabel}). It is indistinguishable within measurement noise from ${name(other)} on ${yLabel} (Welch ${pFmt(distinction.p)}): ` +
      `it is the best feasible configuration in ${inResamples(pick)}, the other in ${pct(wins[other])}.`;
  } else {
    sentence = `${name(pick)} is the best feasible configuration in ${inResamples(pick)}.`;
    if (distinction.status === 'distinguishable')
      sentence += ` It is distinguishable from the runner-up, ${name(other)}, on ${yLabel} (Welch ${pFmt(distinction.p)}).`;
    else if (distinction.status === 'no-noise-estimate')
      sentence += ` Compared with the runner-up, ${name(other)}: ${distinction.reason}; repeat these configurations to tell whether the difference is real.`;
    else sentence += ' It is the only feasible configuration.';
  }
  return {
    frontier: fr,
    feasible,
    recommendation: {
      config: pick,
      bestOnMeans: best,
      runnerUp: runnerUp >= 0 ? runnerUp : null,
      confidence: wins[pick],
      runnerUpConfidence: runnerUp >= 0 ? wins[pick === best ? runnerUp : best] : null,
      resamples: B,
      distinction,
      tieBreakApplied: pick !== best,
      rule: TIE_BREAK_RULE,
      sentence,
    },
  };
}
