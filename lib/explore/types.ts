/** The explorer view as computed on the server and sent to the browser / frozen into reports. */
import type { Direction, MetricGroup } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import type { RunSummary } from '@/db/queries/explore';
import type { SloBound } from '@/lib/slo';
import type { ViewState } from './state';
import type { ExploreAnswers } from './answers';
import type { ConfigConfidence } from './configs-view';
import type { PredictedLayer } from './predicted';

/**
 * Configuration view (agg=configs): a mark stands for a configuration's runs, at their mean; n runs
 * and the 95% intervals of the mean on x and y (null = single run, no estimate of noise).
 */
export interface Aggregate {
  n?: number;
  xi?: [number, number] | null;
  yi?: [number, number] | null;
}

export interface AxisInfo {
  key: MetricKey;
  label: string;
  short: string;
  unit: string;
  definition: string;
  direction: Direction;
  group: MetricGroup;
  log: boolean;
  /** Display multiplier (unit switch); stored values are in the catalogue unit. */
  factor: number;
}

/** A plotted run in the sample: c = category code (into color.categories) or numeric colour value. */
export interface ViewPoint extends Aggregate {
  id: number;
  x: number;
  y: number;
  c: number | null;
  s?: number | null;
  sim: 0 | 1;
  /** 1 = meets every SLO. */
  f: 0 | 1;
  /** Runs this sample point stands for (grid binning). */
  w: number;
  /** Shape category code (into shape.categories), when a shape key is chosen. */
  h?: number | null;
}

export interface DetailPoint extends RunSummary, Aggregate {
  /** agg=configs: the configuration's run ids (id is the first); x, y and metrics are means. */
  runIds?: number[];
  h?: number | null;
  x: number | null;
  y: number | null;
  c: number | null;
  /** Value of the size metric, when one is chosen. */
  s?: number | null;
  feasible: boolean;
}

export interface ColorInfo {
  key: string;
  label: string;
  kind: 'category' | 'number' | 'none';
  categories: string[];
  domain: [number, number] | null;
  definition: string;
}

export interface ExplorerView {
  state: ViewState;
  /** Study actually shown (the default resolves to the demo study when one exists). */
  study: number | 'all';
  studyName: string | null;
  axes: { x: AxisInfo; y: AxisInfo };
  color: ColorInfo;
  /** Second category drawn as the mark's shape (null: shape says measured/simulated). */
  shape?: { key: string; label: string; categories: string[] } | null;
  /** agg=configs: how many configurations, how many are single runs, the recommendation's confidence. */
  configs?: { total: number; single: number; confidence: ConfigConfidence | null } | null;
  /**
   * agg=configs or pred=1 asked for more runs than a configuration view takes (MAX_CONFIG_VIEW_RUNS):
   * the view is the runs view, and `issues` says why. Absent or null otherwise.
   */
  configsTooLarge?: { runs: number; max: number } | null;
  /** pred=1: points predicted by the fitted clock curves, their frontier, and notes. */
  predicted?: PredictedLayer | null;
  /** Marker size encoding: a metric and its range over the plotted runs (null = fixed size). */
  size: { key: MetricKey; label: string; unit: string; domain: [number, number] } | null;
  counts: {
    total: number;
    plotted: number;
    missing: number;
    feasible: number;
    frontier: number;
    sampled: number;
    simulated: number;
  };
  /** Sample of plotted runs that are not on the frontier (faded in the chart). */
  points: ViewPoint[];
  /** Frontier of feasible runs: run ids in order of increasing x. */
  frontier: number[];
  frontierPoints: DetailPoint[];
  /** Unconstrained frontier (x, y) when SLOs are set, to show what the SLO gives up. */
  frontierAll: [number, number][] | null;
  recommended: number | null;
  recommendedRun: DetailPoint | null;
  objective: { key: MetricKey; label: string; unit: string; factor: number; direction: Direction };
  baseline: { mode: string; run: DetailPoint | null; feasible: boolean | null; note: string | null };
  savings: { fraction: number; baselineValue: number; recommendedValue: number; text: string } | null;
  slo: SloBound[];
  price: {
    metric: MetricKey;
    label: string;
    unit: string;
    current: number | null;
    points: { threshold: number; best: number; id: number }[];
  } | null;
  facets: {
    models: string[];
    gpus: string[];
    engines: string[];
    studies: { id: number; name: string; isDemo: boolean }[];
  };
  /** Per-model answers and data availability; absent in views frozen before they existed. */
  answers?: ExploreAnswers;
  timingMs: number;
  issues: string[];
}
