/**
 * computeExplorerView(db, state): everything the explorer draws, computed server-side in one
 * column read + linear passes + one small sort (see lib/pareto/frontier.ts), in named steps:
 * read (and pool into configurations for agg=configs), plotted/feasible/frontier, recommendation,
 * encodings, sample, details, baseline/savings/price, per-model answers and predictions. Used by
 * GET /api/frontier, the /explore page (server-rendered initial data) and reports (frozen views).
 */
import type { DB } from '@/db/client';
import {
  demoStudyId,
  exploreFacets,
  studyList,
  findBaseline,
  matchingRunCount,
  readColumns,
  warmColumns,
  columnPlan,
  runSummaries,
  type ColumnRead,
  type NumericColumn,
  type ResolvedFilters,
  type RunSummary,
} from '@/db/queries/explore';
import { versionedCache } from '@/db/queries/data-version';
import { warmIdentityOffThread, warmScopeOffThread } from '@/db/queries/run-columns-thread';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { isMetricKey, type MetricKey } from '@/lib/metrics/keys';
import { paretoFrontierRows } from '@/lib/pareto/frontier';
import { gridSample } from '@/lib/pareto/sample';
import { feasibleMask, priceOfSlo, recommend, savings, sloBounds, type SloBound } from '@/lib/slo';
import { exploreAnswers } from './answers';
import { withConfigAnswers } from './config-answers';
import {
  aggregateConfigs,
  MAX_CONFIG_VIEW_RUNS,
  configInterval,
  recommendConfig,
  type AggregatedRead,
  type ConfigConfidence,
} from './configs-view';
import { predictedLayer } from './predicted';
import { displayUnit, fmtNum, metricLabel } from './format';
import { CATEGORY_KEYS, CATEGORY_LABELS, EXPLORE_KNOBS, isExploreKnob, KNOB_LABELS, type CategoryKey } from './knobs';
import { objectiveOf, type ViewState } from './state';
import type { Aggregate, AxisInfo, ColorInfo, DetailPoint, ExplorerView, ViewPoint } from './types';

export interface ComputeOptions {
  /** Upper bound on sampled (non-frontier) points sent to the browser. */
  maxPoints?: number;
  /** Frontier points sent with full knobs/metrics (the rest as plain points). */
  maxFrontierDetail?: number;
  /** Most runs a configuration view or predictions pool (default MAX_CONFIG_VIEW_RUNS). */
  maxConfigRuns?: number;
}

function axisInfo(key: MetricKey, st: ViewState, log: boolean): AxisInfo {
  const d = METRIC_BY_KEY.get(key)!;
  const u = displayUnit(key, st.unit, st.grid, st.price);
  return {
    key,
    label: d.label,
    short: d.short,
    unit: u.unit,
    definition: d.definition,
    direction: d.direction,
    group: d.group,
    log,
    factor: u.factor,
  };
}

const isCategory = (k: string): k is CategoryKey => (CATEGORY_KEYS as readonly string[]).includes(k);

/**
 * Views computed since the data last changed, by state + options (db/queries/data-version.ts):
 * many readers of the same view (a team on one study) cost one computation per data version.
 */
const viewCache = versionedCache<ExplorerView>('explorer-views', 64);

/** Forgets cached views of a connection (benchmarks time the computation). */
export function clearExplorerViewCache(db: DB) {
  viewCache.clear(db);
}

export function computeExplorerView(db: DB, state: ViewState, opts: ComputeOptions = {}): ExplorerView {
  // Cached per study: an import into another study keeps this study's views. The study list (the
  // picker) is the one part that follows every study, so it is read fresh on every call.
  const study = state.study ?? demoStudyId(db) ?? 'all';
  const view = viewCache.get(db, viewKey(state, study, opts), () => buildExplorerView(db, state, opts), study);
  return study === 'all' ? view : { ...view, facets: { ...view.facets, studies: studyList(db) } };
}

function viewKey(state: ViewState, study: number | 'all', opts: ComputeOptions): string {
  return JSON.stringify([state, study, opts.maxPoints, opts.maxFrontierDetail, opts.maxConfigRuns]);
}

/** Columns a view reads: axes, objective, SLO metrics, price metric, numeric colour, size (+ knobs for configs). */
function columnsNeeded(
  st: ViewState,
  objKey: MetricKey,
  bounds: SloBound[],
  priceMetric: MetricKey | null,
  colorNum: NumericColumn | null,
): NumericColumn[] {
  const numeric: NumericColumn[] = [st.x, st.y, objKey, ...bounds.map((b) => b.metric)];
  if (priceMetric) numeric.push(priceMetric);
  if (colorNum) numeric.push(colorNum);
  if (st.size) numeric.push(st.size);
  // Configurations are told apart by every knob; predictions need the SM clock.
  if (st.agg === 'configs' || st.pred) numeric.push(...EXPLORE_KNOBS);
  return numeric;
}

/** What a view plots and optimises, and the columns that takes. */
function viewRoles(st: ViewState) {
  const objKey = objectiveOf(st);
  const bounds = sloBounds(st.slo);
  const priceMetric: MetricKey | null =
    st.priceMetric ??
    bounds.find((b) => b.metric !== objKey)?.metric ??
    (st.x !== objKey ? st.x : st.y !== objKey ? st.y : null);
  const colorKey = st.color;
  const colorCat = colorKey !== 'none' && isCategory(colorKey) ? colorKey : null;
  const colorNum = colorKey !== 'none' && !colorCat ? (colorKey as NumericColumn) : null;
  const needed = columnsNeeded(st, objKey, bounds, priceMetric, colorNum);
  return { objKey, bounds, priceMetric, colorCat, colorNum, needed };
}

/**
 * Loads what a view of `state` (with its answers and sensitivity panel) reads before it is
 * computed, off the event loop when that is a large read (db/queries/run-columns-thread.ts):
 * routes await this, then compute as usual. Never fails: the computation reads inline otherwise.
 */
export async function warmExplorerColumns(
  db: DB,
  state: ViewState,
  opts: ComputeOptions = {},
  thread: { minRuns?: number; identityMinRuns?: number } = {},
): Promise<void> {
  const study = state.study ?? demoStudyId(db) ?? 'all';
  // A view the cache answers reads no columns: its scope may have left the held ones (3 per
  // connection), and reading it again would make a cached answer wait seconds.
  if (viewCache.has(db, viewKey(state, study, opts), study)) return;
  const plan = columnPlan({ ...state, study }, [...viewRoles(state).needed, ...companionColumns(state)]);
  await warmScopeOffThread(db, plan.scope, plan.numeric, { minRuns: thread.minRuns });
  // A configuration view reads each run's identity once per process: a large first read goes to
  // the thread too (views over the configuration limit are drawn as runs and read none).
  if (state.agg !== 'configs' && !state.pred) return;
  const f = { ...state, study };
  if (matchingRunCount(db, f) > (opts.maxConfigRuns ?? MAX_CONFIG_VIEW_RUNS)) return;
  await warmIdentityOffThread(db, readColumns(db, f, [], null).id, { minRuns: thread.identityMinRuns });
}

/**
 * Columns read right after the view's own: the answers' baseline metric (lib/explore/answers.ts)
 * and the sensitivity panel's (the explorer page computes it next). Loaded with the view's, so a
 * scope nobody has read yet costs one table scan instead of three (1M runs: ~1.4 s each).
 */
function companionColumns(st: ViewState): NumericColumn[] {
  const baseline: NumericColumn = st.baseline === 'max_clock' ? 'sm_clock_mhz' : 'output_throughput_tps';
  return [baseline, st.sens.metric, st.sens.knob, ...(st.sens.series ? [st.sens.series] : [])];
}

/**
 * Rows with both coordinates (positive on log axes), those of them that meet the SLOs, and how
 * many are simulated, in one pass. Row lists here are typed arrays: a whole-study view handles
 * 100k+ rows per step, and building them with push/filter cost ~10 ms per list.
 */
function plottedRows(data: ColumnRead, X: Float64Array, Y: Float64Array, st: ViewState, feasible: Uint8Array) {
  const plotted = new Int32Array(data.n);
  const feasIdx = new Int32Array(data.n);
  let m = 0;
  let f = 0;
  let simulated = 0;
  // NaN fails `>=`, so these also drop missing coordinates; log axes need positive values.
  const minX = st.logX ? Number.MIN_VALUE : -Infinity;
  const minY = st.logY ? Number.MIN_VALUE : -Infinity;
  for (let i = 0; i < data.n; i++) {
    if (!(X[i] >= minX && Y[i] >= minY)) continue;
    plotted[m++] = i;
    if (feasible[i]) feasIdx[f++] = i;
    if (data.simulated[i]) simulated++;
  }
  return { plotted: plotted.subarray(0, m), feasIdx: feasIdx.subarray(0, f), simulated };
}

/** The rows of `rows` whose mask value is (or is not) set, in order. */
function rowsWhere(rows: Int32Array, mask: Uint8Array, set: boolean): Int32Array {
  const out = new Int32Array(rows.length);
  let m = 0;
  for (let k = 0; k < rows.length; k++) if (!!mask[rows[k]] === set) out[m++] = rows[k];
  return out.subarray(0, m);
}

/** Display names of a categorical read (study ids -> names, 0/1 -> measured/simulated). */
function categoryNames(key: CategoryKey, raw: string[], facets: ExplorerView['facets']): string[] {
  if (key === 'study') {
    const names = new Map(facets.studies.map((s) => [String(s.id), s.name]));
    return raw.map((c) => names.get(c) ?? `study ${c}`);
  }
  if (key === 'simulated') return raw.map((c) => (c === '1' ? 'simulated' : 'measured'));
  return raw;
}

function colorInfoOf(
  st: ViewState,
  data: ColumnRead,
  plotted: Int32Array,
  colorCat: CategoryKey | null,
  C: Float64Array | null,
  facets: ExplorerView['facets'],
): ColorInfo {
  const colorNum = st.color !== 'none' && !colorCat ? (st.color as NumericColumn) : null;
  if (colorCat)
    return {
      key: colorCat,
      label: CATEGORY_LABELS[colorCat],
      kind: 'category',
      categories: categoryNames(colorCat, data.categories, facets),
      domain: null,
      definition: '',
    };
  if (C && colorNum) {
    let lo = Infinity,
      hi = -Infinity;
    for (const i of plotted) {
      const v = C[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const def = isExploreKnob(colorNum) ? KNOB_LABELS[colorNum] : METRIC_BY_KEY.get(colorNum)!;
    return {
      key: colorNum,
      label: isExploreKnob(colorNum) ? KNOB_LABELS[colorNum].label : METRIC_BY_KEY.get(colorNum)!.label,
      kind: 'number',
      categories: [],
      domain: lo <= hi ? [lo, hi] : null,
      definition: def.definition,
    };
  }
  return { key: 'none', label: 'None', kind: 'none', categories: [], domain: null, definition: '' };
}

/** Shape channel: the category code of each data row (runs, or configurations by their first run). */
function shapeCodes(
  db: DB,
  filters: ResolvedFilters,
  st: ViewState,
  agg: AggregatedRead | null,
  facets: ExplorerView['facets'],
): { info: NonNullable<ExplorerView['shape']>; runCodes: Int32Array; codes: Int32Array } | null {
  if (st.shape === 'none') return null;
  const r = readColumns(db, filters, [], st.shape);
  const runCodes = r.catCodes!;
  const codes = agg ? Int32Array.from(agg.configs, (c) => runCodes[c.rows[0]]) : runCodes;
  return {
    info: {
      key: st.shape,
      label: CATEGORY_LABELS[st.shape],
      categories: categoryNames(st.shape, r.categories, facets),
    },
    runCodes,
    codes,
  };
}

/**
 * A configuration view (or predictions) of more runs than MAX_CONFIG_VIEW_RUNS is computed as the
 * runs view: the state without them, and the note that says so.
 */
function withinConfigLimit(db: DB, state: ViewState, filters: ResolvedFilters, max: number) {
  if (state.agg !== 'configs' && !state.pred) return { st: state, tooLarge: null, note: null };
  const runs = matchingRunCount(db, filters);
  if (runs <= max) return { st: state, tooLarge: null, note: null };
  const what = state.agg === 'configs' ? 'One mark per configuration' : 'Predicted points';
  const note =
    `${what} takes at most ${max.toLocaleString('en-US')} runs, and this view has ` +
    `${runs.toLocaleString('en-US')}: choose a model and a GPU, or narrow the filters. Showing one mark per run${state.pred ? ', without predictions' : ''}.`;
  return { st: { ...state, agg: 'runs' as const, pred: false }, tooLarge: { runs, max }, note };
}

function buildExplorerView(db: DB, state: ViewState, opts: ComputeOptions): ExplorerView {
  const t0 = performance.now();
  const maxPoints = opts.maxPoints ?? 3000;
  // Frontier points sent with full knobs and metrics (tooltips, the frontier table shows 200);
  // the rest go as plain marks: a 100k-run study's frontier can hold 1,000+ runs.
  const maxDetail = opts.maxFrontierDetail ?? 300;
  const study = state.study ?? demoStudyId(db) ?? 'all';
  const filters = { ...state, study };
  const facets = exploreFacets(db, study);
  const issues: string[] = [];
  const limit = withinConfigLimit(db, state, filters, opts.maxConfigRuns ?? MAX_CONFIG_VIEW_RUNS);
  const st = limit.st;
  if (limit.note) issues.push(limit.note);

  const { objKey, bounds, priceMetric, colorCat, colorNum, needed } = viewRoles(st);

  // Step 1: read the columns (runs), and pool them into configurations when agg=configs.
  warmColumns(db, filters, [...needed, ...companionColumns(st)]);
  const runs = readColumns(db, filters, needed, colorCat);
  const agg = st.agg === 'configs' || st.pred ? aggregateConfigs(db, filters, runs) : null;
  const data = st.agg === 'configs' ? agg!.read : runs;
  const n = data.n;
  const col = (k: NumericColumn) => data.cols.get(k)!;
  const X = col(st.x);
  const Y = col(st.y);
  const OBJ = col(objKey);
  const C = colorNum ? col(colorNum) : null;
  const S = st.size ? col(st.size) : null;
  const unitWord = st.agg === 'configs' ? 'configurations' : 'runs';

  // Step 2: what can be drawn, what meets the SLOs, the frontier.
  const feasible = feasibleMask(n, bounds, (m) => col(m));
  const { plotted, feasIdx, simulated } = plottedRows(data, X, Y, st, feasible);
  if (n > 0 && plotted.length === 0) {
    issues.push(
      `none of the ${n} ${unitWord} has both ${metricLabel(st.x)} and ${metricLabel(st.y)}${st.logX || st.logY ? ' (positive, for log axes)' : ''}`,
    );
  }
  const dx = METRIC_BY_KEY.get(st.x)!.direction;
  const dy = METRIC_BY_KEY.get(st.y)!.direction;
  const frontierIdx: number[] = paretoFrontierRows(feasIdx, X, Y, dx, dy);
  const frontierAll: [number, number][] | null = bounds.length
    ? paretoFrontierRows(plotted, X, Y, dx, dy).map((i) => [X[i], Y[i]])
    : null;

  // Step 3: the recommendation. Runs: best objective among feasible plotted runs, ties to the
  // better y (or x). Configurations: lib/configs (means, bootstrap confidence, runner-up test).
  const objDef = METRIC_BY_KEY.get(objKey)!;
  const otherAxis = objKey === st.y ? st.x : st.y;
  let confidence: ConfigConfidence | null = null;
  let recI: number;
  if (st.agg === 'configs') {
    confidence = recommendConfig(agg!, Array.from(plotted), objKey, otherAxis, st.slo);
    recI = confidence?.config ?? -1;
  } else {
    const tie = objKey === st.y ? X : Y;
    const tieDir = objKey === st.y ? dx : dy;
    recI = recommend(feasIdx, OBJ, objDef.direction, tie, tieDir, data.id);
  }

  // Step 4: encodings (colour, shape, size).
  const color = colorInfoOf(st, data, plotted, colorCat, C, facets);
  const cval = (i: number): number | null => {
    if (data.catCodes) return data.catCodes[i] < 0 ? null : data.catCodes[i];
    if (C) return Number.isNaN(C[i]) ? null : C[i];
    return null;
  };
  const shape = shapeCodes(db, filters, st, st.agg === 'configs' ? agg : null, facets);
  const hval = (i: number): number | null => (shape ? shape.codes[i] : null);
  const aggOf = (i: number): Aggregate => {
    if (st.agg !== 'configs') return {};
    const ix = configInterval(agg!, i, st.x);
    const iy = configInterval(agg!, i, st.y);
    return { n: agg!.configs[i].rows.length, xi: ix.ci95, yi: iy.ci95 };
  };

  // Step 5: a grid sample of the rest, per (feasibility x colour category when few categories).
  const onFrontier = new Uint8Array(n);
  for (const i of frontierIdx) onFrontier[i] = 1;
  const rest = st.frontierOnly ? new Int32Array(0) : rowsWhere(plotted, onFrontier, false);
  const cats = data.catCodes && data.categories.length <= 8 ? data.categories.length + 1 : 1;
  // At most 2 x 9 groups: one byte per row.
  const group = new Uint8Array(n);
  const codes = cats > 1 ? data.catCodes : null;
  for (let i = 0; i < n; i++) group[i] = (feasible[i] ? 0 : cats) + (codes ? codes[i] + 1 : 0);
  const sample = gridSample(rest, X, Y, { maxPoints, logX: st.logX, logY: st.logY, group, groups: 2 * cats });
  const points: ViewPoint[] = sample.indices.map((i, k) => {
    const p: ViewPoint = {
      id: data.id[i],
      x: X[i],
      y: Y[i],
      c: cval(i),
      sim: data.simulated[i] as 0 | 1,
      f: feasible[i] as 0 | 1,
      w: sample.weights[k],
      ...aggOf(i),
    };
    if (shape) p.h = hval(i);
    if (S) p.s = Number.isNaN(S[i]) ? null : S[i];
    return p;
  });
  const sizeInfo = sizeInfoOf(st, S, plotted);

  // Step 6: details for the frontier (capped), the recommendation and the baseline.
  const detailIdx = frontierIdx.slice(0, maxDetail);
  const summaries = new Map<number, RunSummary>(
    runSummaries(
      db,
      detailIdx.map((i) => data.id[i]),
    ).map((s) => [s.id, s]),
  );
  const toDetail = (s: RunSummary, i: number | null): DetailPoint => {
    // Configurations: metrics read for the view are the configuration's means.
    const metrics = st.agg === 'configs' && i !== null ? meansOver(s.metrics, data, i) : s.metrics;
    return {
      ...s,
      metrics,
      x: metrics[st.x] ?? null,
      y: metrics[st.y] ?? null,
      c: i !== null ? cval(i) : null,
      ...(shape ? { h: i !== null ? hval(i) : null } : {}),
      ...(st.size ? { s: metrics[st.size] ?? null } : {}),
      ...(st.agg === 'configs' && i !== null ? { ...aggOf(i), runIds: agg!.configs[i].runIds.slice(0, 200) } : {}),
      feasible: bounds.every((b) => {
        const v = metrics[b.metric];
        return v !== undefined && (b.kind === 'max' ? v <= b.bound : v >= b.bound);
      }),
    };
  };
  const frontierPoints: DetailPoint[] = frontierIdx.map((i, k) => {
    const s = k < maxDetail ? summaries.get(data.id[i]) : undefined;
    if (s) return toDetail(s, i);
    return {
      id: data.id[i],
      label: `run ${data.id[i]}`,
      studyId: 0,
      model: '',
      gpu: '',
      gpuCount: 0,
      engine: '',
      simulated: !!data.simulated[i],
      knobs: {},
      metrics: {},
      x: X[i],
      y: Y[i],
      c: cval(i),
      feasible: true,
      ...(S ? { s: Number.isNaN(S[i]) ? null : S[i] } : {}),
    };
  });
  let recommendedRun: DetailPoint | null = null;
  if (recI >= 0) {
    const s = summaries.get(data.id[recI]) ?? runSummaries(db, [data.id[recI]])[0];
    if (s) recommendedRun = toDetail(s, recI);
  }

  // Step 7: baseline, savings, price of the SLO.
  const objUnit = displayUnit(objKey, st.unit, st.grid, st.price);
  const { baseline, savings: sav } = baselineAndSavings(db, filters, st, objKey, objUnit, bounds, recommendedRun, (s) =>
    toDetail(s, null),
  );
  const price = priceCurve(n, bounds, priceMetric, col, OBJ, objDef.direction, st, data);

  // Step 8: per-model answers (with each model's configuration confidence), predictions.
  const answers = exploreAnswers(db, filters, objKey, bounds);
  if (st.agg === 'configs')
    withConfigAnswers(db, answers, agg!, Array.from(plotted), objKey, otherAxis, st, confidence);
  const predicted = st.pred
    ? predictedLayer(
        {
          agg: agg!,
          x: st.x,
          y: st.y,
          bounds,
          colorOf: (row, clock) => (runs.catCodes ? runs.catCodes[row] : colorNum === 'sm_clock_mhz' ? clock : null),
          shapeOf: shape ? (row) => shape.runCodes[row] : null,
        },
        frontierIdx.map((i) => [X[i], Y[i]]),
        { x: st.logX, y: st.logY },
      )
    : null;

  const studyName = typeof study === 'number' ? (facets.studies.find((s) => s.id === study)?.name ?? null) : null;
  return {
    state: st,
    study,
    studyName,
    axes: { x: axisInfo(st.x, st, st.logX), y: axisInfo(st.y, st, st.logY) },
    color,
    shape: shape?.info ?? null,
    configsTooLarge: limit.tooLarge,
    configs:
      st.agg === 'configs'
        ? { total: n, single: agg!.configs.filter((c) => c.rows.length === 1).length, confidence }
        : null,
    predicted,
    size: sizeInfo,
    counts: {
      total: n,
      plotted: plotted.length,
      missing: n - plotted.length,
      feasible: feasIdx.length,
      frontier: frontierIdx.length,
      sampled: points.length,
      simulated,
    },
    points,
    frontier: frontierIdx.map((i) => data.id[i]),
    frontierPoints,
    frontierAll,
    recommended: recommendedRun?.id ?? null,
    recommendedRun,
    objective: {
      key: objKey,
      label: objDef.label,
      unit: objUnit.unit,
      factor: objUnit.factor,
      direction: objDef.direction,
    },
    baseline,
    savings: sav,
    slo: bounds,
    price,
    facets,
    // Per-model answers and data availability (lib/explore/answers.ts).
    answers,
    timingMs: Math.round((performance.now() - t0) * 10) / 10,
    issues,
  };
}

/** A run's metrics with the view's columns replaced by its configuration's means. */
function meansOver(
  metrics: Partial<Record<MetricKey, number>>,
  data: ColumnRead,
  i: number,
): Partial<Record<MetricKey, number>> {
  const out = { ...metrics };
  for (const [k, arr] of data.cols) {
    if (!isMetricKey(k)) continue;
    if (Number.isNaN(arr[i])) delete out[k];
    else out[k] = arr[i];
  }
  return out;
}

/** Size encoding: the range of the size metric over the plotted marks. */
function sizeInfoOf(st: ViewState, S: Float64Array | null, plotted: Int32Array): ExplorerView['size'] {
  if (!S || !st.size) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of plotted) {
    if (Number.isNaN(S[i])) continue;
    lo = Math.min(lo, S[i]);
    hi = Math.max(hi, S[i]);
  }
  const def = METRIC_BY_KEY.get(st.size);
  return lo <= hi && def ? { key: st.size, label: def.label, unit: def.unit, domain: [lo, hi] } : null;
}

function baselineAndSavings(
  db: DB,
  filters: ResolvedFilters,
  st: ViewState,
  objKey: MetricKey,
  objUnit: { unit: string; factor: number },
  bounds: SloBound[],
  recommendedRun: DetailPoint | null,
  toDetail: (s: RunSummary) => DetailPoint,
): { baseline: ExplorerView['baseline']; savings: ExplorerView['savings'] } {
  const baseline: ExplorerView['baseline'] = { mode: st.baseline, run: null, feasible: null, note: null };
  let sav: ExplorerView['savings'] = null;
  if (!recommendedRun || st.baseline === 'none') return { baseline, savings: null };
  const objDef = METRIC_BY_KEY.get(objKey)!;
  let b: RunSummary | null = null;
  if (st.baseline.startsWith('run:')) {
    b = runSummaries(db, [Number(st.baseline.slice(4))])[0] ?? null;
    if (!b) baseline.note = `baseline run ${st.baseline.slice(4)} not found`;
  } else {
    const mode = st.baseline as 'max_throughput' | 'max_clock';
    b = findBaseline(db, filters, mode, recommendedRun);
    if (!b)
      baseline.note =
        mode === 'max_clock'
          ? `no run of ${recommendedRun.model} on ${recommendedRun.gpu} records an SM clock, so there is no default-clock baseline`
          : `no run of ${recommendedRun.model} on ${recommendedRun.gpu} records output throughput`;
  }
  if (!b) return { baseline, savings: null };
  const bd = toDetail(b);
  baseline.run = bd;
  baseline.feasible = bd.feasible;
  const s = savings(objKey, b.metrics[objKey], recommendedRun.metrics[objKey]);
  const inRec = recommendedRun.runIds?.includes(b.id) ?? b.id === recommendedRun.id;
  if (!s) baseline.note = `the baseline run has no ${objDef.label}`;
  else if (inRec) baseline.note = 'the baseline is the recommended configuration';
  else
    sav = {
      ...s,
      text: savingsText(
        s.fraction,
        s.baselineValue,
        s.recommendedValue,
        objDef.label,
        objUnit,
        recommendedRun,
        st,
        objKey,
        bd.feasible,
        bounds,
      ),
    };
  return { baseline, savings: sav };
}

/** Price of the SLO on one metric, under all other SLOs. */
function priceCurve(
  n: number,
  bounds: SloBound[],
  priceMetric: MetricKey | null,
  col: (k: NumericColumn) => Float64Array,
  OBJ: Float64Array,
  dir: 'lower' | 'higher',
  st: ViewState,
  data: ColumnRead,
): ExplorerView['price'] {
  if (!priceMetric) return null;
  const others = bounds.filter((b) => b.metric !== priceMetric);
  const mask = feasibleMask(n, others, (m) => col(m));
  const pts = priceOfSlo(n, priceMetric, col(priceMetric), OBJ, dir, mask);
  return {
    metric: priceMetric,
    label: metricLabel(priceMetric),
    unit: METRIC_BY_KEY.get(priceMetric)!.unit,
    current: st.slo[priceMetric] ?? null,
    points: pts.map((p) => ({ threshold: p.threshold, best: p.best, id: data.id[p.runIndex] })),
  };
}

/** "saves 23% energy per output token (0.41 -> 0.32 J/token) at p99 ITL 87 ms vs ..." */
function savingsText(
  fraction: number,
  from: number,
  to: number,
  label: string,
  unit: { unit: string; factor: number },
  rec: RunSummary,
  st: ViewState,
  objKey: MetricKey,
  baselineFeasible: boolean,
  bounds: SloBound[],
): string {
  const pct = Math.round(Math.abs(fraction) * 1000) / 10;
  const verb = fraction >= 0 ? 'saves' : 'costs';
  const more = fraction >= 0 ? '' : ' more'; // "costs 12% more energy per output token"
  const atKey = objKey === st.y ? st.x : objKey === st.x ? st.y : st.x;
  const at = rec.metrics[atKey];
  const atDef = METRIC_BY_KEY.get(atKey)!;
  const atText = at !== undefined ? ` at ${atDef.short} ${fmtNum(at)} ${atDef.unit}` : '';
  const infeasible = !baselineFeasible && bounds.length ? ' (the baseline does not meet the SLO)' : '';
  return `${verb} ${pct}%${more} ${label.toLowerCase()} (${fmtNum(from * unit.factor)} → ${fmtNum(to * unit.factor)} ${unit.unit})${atText}${infeasible}`;
}
