/**
 * Explorer view state <-> URL search params. Shared by the server (page, API) and the client, so
 * it imports nothing server-only. Values are checked by ./param-checks (no schema library: this
 * runs in the browser, within the explorer's JavaScript budget).
 *
 * URL shape (defaults are omitted when serialising, so links stay short):
 *   x, y                 metric keys of the axes
 *   study                study id, or "all"; absent = the demo study when one exists, else all
 *   model, gpu, engine   repeatable filters
 *   sim                  "real" | "sim" (measured only / simulated only); absent = both
 *   knob.K.min/max       inclusive range on typed knob K (e.g. knob.max_num_seqs.min=64)
 *   slo.M=v              SLO on metric M: a maximum for lower-is-better metrics, a minimum for
 *                        higher-is-better ones (throughput). minThroughput=v is an alias of
 *                        slo.output_throughput_tps=v.
 *   color, size          colour key (model|gpu|engine|study|simulated|knob|metric|none), size metric
 *   logx, logy           1/0 for log/linear axes (default log: energy and latency span decades)
 *   unit, grid, price    energy-per-token display unit (j|kwh_1m|gco2_1m|cost_1m), gCO2e/kWh, $/kWh
 *   baseline             max_throughput | max_clock | none | run:ID
 *   obj                  metric minimised by the recommendation (default: the energy axis)
 *   pslo                 metric whose SLO is swept in the "price of the SLO" curve
 *   sm, sk, ss, sf       sensitivity: metric, x knob, series knob, facet (model|gpu|engine|none)
 *   sel                  selected run ids (comma separated) for comparison
 *   fo                   1 = show frontier points only
 *   agg                  runs | configs: one mark per run, or per configuration (repeats pooled:
 *                        mean with 95% whiskers, frontier on the means); default runs
 *   pred                 1 = add points predicted by the fitted models (hollow, dashed frontier)
 *   shape                second category drawn as the mark's shape (model|gpu|engine|study|simulated)
 */
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { EnergyUnit } from '@/lib/metrics/catalogue';
import { CATEGORY_KEYS, EXPLORE_KNOBS, type CategoryKey, type ExploreKnob } from './knobs';
import { either, finiteNumber, matching, nonNegativeNumber, oneOf, positiveInteger, type Check } from './param-checks';

export type ColorKey = CategoryKey | ExploreKnob | MetricKey | 'none';
export type BaselineMode = 'max_throughput' | 'max_clock' | 'none' | `run:${number}`;
export type FacetKey = 'model' | 'gpu' | 'engine' | 'none';

export interface ExploreFilters {
  /** null = default (demo study if any, else all); 'all' = every study. */
  study: number | 'all' | null;
  model: string[];
  gpu: string[];
  engine: string[];
  sim: 'real' | 'sim' | null;
  knobs: Partial<Record<ExploreKnob, { min?: number; max?: number }>>;
}

export interface ViewState extends ExploreFilters {
  x: MetricKey;
  y: MetricKey;
  slo: Partial<Record<MetricKey, number>>;
  color: ColorKey;
  size: MetricKey | null;
  logX: boolean;
  logY: boolean;
  unit: EnergyUnit;
  grid: number;
  price: number;
  baseline: BaselineMode;
  objective: MetricKey | null;
  priceMetric: MetricKey | null;
  sens: { metric: MetricKey; knob: ExploreKnob; series: ExploreKnob | null; facet: FacetKey };
  sel: number[];
  frontierOnly: boolean;
  /** One mark per run, or per configuration (docs/models.md). */
  agg: 'runs' | 'configs';
  /** Draw predictions of the fitted models (never mixed into the measured frontier). */
  pred: boolean;
  /** Category drawn as the mark shape ('none': shape says measured/simulated). */
  shape: CategoryKey | 'none';
}

export const DEFAULT_VIEW: ViewState = {
  x: 'itl_ms_p99',
  y: 'energy_per_output_token_j',
  study: null,
  model: [],
  gpu: [],
  engine: [],
  sim: null,
  knobs: {},
  slo: {},
  color: 'gpu',
  size: null,
  logX: true,
  logY: true,
  unit: 'j',
  grid: 400,
  price: 0.1,
  baseline: 'max_throughput',
  objective: null,
  priceMetric: null,
  sens: { metric: 'energy_per_output_token_j', knob: 'max_num_seqs', series: null, facet: 'gpu' },
  sel: [],
  frontierOnly: false,
  agg: 'runs',
  pred: false,
  shape: 'none',
};

const metricKey = oneOf(METRIC_KEYS);
const knobKey = oneOf(EXPLORE_KNOBS);
const colorKey: Check<ColorKey> = either(either(oneOf(CATEGORY_KEYS), knobKey), either(metricKey, oneOf(['none'])));
const finite = finiteNumber;
const nonNegNum = nonNegativeNumber;
const unitKey = oneOf(['j', 'kwh_1m', 'gco2_1m', 'cost_1m']);
const baselineKey = either(
  oneOf(['max_throughput', 'max_clock', 'none']),
  matching(/^run:\d+$/, 'must be max_throughput, max_clock, none or run:ID'),
);
const facetKey = oneOf(['model', 'gpu', 'engine', 'none']);
const studyKey = either(oneOf(['all']), positiveInteger);

export class ViewStateError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
  }
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function toSearchParams(p: Params): URLSearchParams {
  if (p instanceof URLSearchParams) return p;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) sp.append(k, one);
  }
  return sp;
}

function asNumber(s: string): number | string {
  if (s.trim() === '') return s;
  const n = Number(s);
  return Number.isNaN(n) ? s : n;
}

/**
 * Parses URL params into a full view state. strict (API): any bad value throws ViewStateError
 * naming the parameter. Lenient (pages): bad values fall back to defaults and are reported in
 * `issues` so the page can say what it ignored.
 */
export function parseViewState(
  params: Params,
  opts: { strict?: boolean } = {},
): { state: ViewState; issues: string[] } {
  const sp = toSearchParams(params);
  const issues: string[] = [];
  const st: ViewState = structuredClone(DEFAULT_VIEW);

  const one = <T>(name: string, check: Check<T>, raw: unknown, set: (v: T) => void, hint?: string) => {
    const r = check(raw);
    if (r.ok) set(r.value);
    else issues.push(`${name}=${String(raw)}: ${hint ?? r.message}`);
  };
  const get = (k: string) => sp.get(k);
  const unknownMetric = (k: string, v: string) => `unknown metric "${v}" for ${k} (see /glossary for metric keys)`;

  for (const [name, key] of [
    ['x', 'x'],
    ['y', 'y'],
  ] as const) {
    const v = get(name);
    if (v !== null) one(name, metricKey, v, (m) => (st[key] = m), unknownMetric(name, v));
  }
  const study = get('study');
  if (study !== null)
    one(
      'study',
      studyKey,
      study === 'all' ? 'all' : asNumber(study),
      (v) => (st.study = v),
      'must be a study id or "all"',
    );
  st.model = sp.getAll('model').filter(Boolean);
  st.gpu = sp.getAll('gpu').filter(Boolean);
  st.engine = sp.getAll('engine').filter(Boolean);
  const sim = get('sim');
  if (sim !== null) one('sim', oneOf(['real', 'sim']), sim, (v) => (st.sim = v), 'must be "real" or "sim"');

  for (const [k, raw] of sp.entries()) {
    let m: RegExpMatchArray | null;
    if ((m = k.match(/^knob\.([a-z_]+)\.(min|max)$/))) {
      const knob = m[1];
      const side = m[2] as 'min' | 'max';
      if (!knobKey(knob).ok) {
        issues.push(`${k}: unknown knob "${knob}" (filterable knobs: ${EXPLORE_KNOBS.join(', ')})`);
        continue;
      }
      one(k, finite, asNumber(raw), (v) => {
        const kk = knob as ExploreKnob;
        st.knobs[kk] = { ...st.knobs[kk], [side]: v };
      });
    } else if ((m = k.match(/^slo\.(.+)$/))) {
      const metric = m[1];
      if (!metricKey(metric).ok) {
        issues.push(unknownMetric(k, metric));
        continue;
      }
      one(k, nonNegNum, asNumber(raw), (v) => (st.slo[metric as MetricKey] = v));
    }
  }
  const minTp = get('minThroughput');
  if (minTp !== null) one('minThroughput', nonNegNum, asNumber(minTp), (v) => (st.slo.output_throughput_tps = v));

  const color = get('color');
  if (color !== null) one('color', colorKey, color, (v) => (st.color = v as ColorKey), `unknown colour key "${color}"`);
  const size = get('size');
  if (size !== null && size !== '') one('size', metricKey, size, (v) => (st.size = v), unknownMetric('size', size));
  if (get('logx') !== null) st.logX = get('logx') === '1';
  if (get('logy') !== null) st.logY = get('logy') === '1';
  const unit = get('unit');
  if (unit !== null) one('unit', unitKey, unit, (v) => (st.unit = v), 'must be one of j, kwh_1m, gco2_1m, cost_1m');
  const grid = get('grid');
  if (grid !== null) one('grid', nonNegNum, asNumber(grid), (v) => (st.grid = v));
  const price = get('price');
  if (price !== null) one('price', nonNegNum, asNumber(price), (v) => (st.price = v));
  const baseline = get('baseline');
  if (baseline !== null) one('baseline', baselineKey, baseline, (v) => (st.baseline = v as BaselineMode));
  const obj = get('obj');
  if (obj !== null && obj !== '') one('obj', metricKey, obj, (v) => (st.objective = v), unknownMetric('obj', obj));
  const pslo = get('pslo');
  if (pslo !== null && pslo !== '')
    one('pslo', metricKey, pslo, (v) => (st.priceMetric = v), unknownMetric('pslo', pslo));
  const sm = get('sm');
  if (sm !== null) one('sm', metricKey, sm, (v) => (st.sens.metric = v), unknownMetric('sm', sm));
  const sk = get('sk');
  if (sk !== null) one('sk', knobKey, sk, (v) => (st.sens.knob = v), `unknown knob "${sk}"`);
  const ss = get('ss');
  if (ss !== null && ss !== '') one('ss', knobKey, ss, (v) => (st.sens.series = v), `unknown knob "${ss}"`);
  const sf = get('sf');
  if (sf !== null) one('sf', facetKey, sf, (v) => (st.sens.facet = v), 'must be model, gpu, engine or none');
  const sel = get('sel');
  if (sel) {
    const ids = sel.split(',').map((s) => Number(s));
    if (ids.every((n) => Number.isInteger(n) && n > 0)) st.sel = [...new Set(ids)].slice(0, 6);
    else issues.push(`sel=${sel}: must be comma-separated run ids`);
  }
  st.frontierOnly = get('fo') === '1';
  const agg = get('agg');
  if (agg !== null) one('agg', oneOf(['runs', 'configs']), agg, (v) => (st.agg = v), 'must be "runs" or "configs"');
  const pred = get('pred');
  if (pred !== null) one('pred', oneOf(['0', '1']), pred, (v) => (st.pred = v === '1'), 'must be 0 or 1');
  const shape = get('shape');
  if (shape !== null)
    one(
      'shape',
      either(oneOf(CATEGORY_KEYS), oneOf(['none'])),
      shape,
      (v) => (st.shape = v),
      `must be one of ${CATEGORY_KEYS.join(', ')} or none`,
    );

  if (opts.strict && issues.length) throw new ViewStateError(issues);
  return { state: st, issues };
}

/** Serialises a view state; parameters equal to the default are left out. Order is stable. */
export function viewStateToParams(st: ViewState): URLSearchParams {
  const d = DEFAULT_VIEW;
  const sp = new URLSearchParams();
  if (st.x !== d.x) sp.set('x', st.x);
  if (st.y !== d.y) sp.set('y', st.y);
  if (st.study !== null) sp.set('study', String(st.study));
  for (const v of st.model) sp.append('model', v);
  for (const v of st.gpu) sp.append('gpu', v);
  for (const v of st.engine) sp.append('engine', v);
  if (st.sim) sp.set('sim', st.sim);
  for (const k of EXPLORE_KNOBS) {
    const r = st.knobs[k];
    if (r?.min !== undefined) sp.set(`knob.${k}.min`, String(r.min));
    if (r?.max !== undefined) sp.set(`knob.${k}.max`, String(r.max));
  }
  for (const k of METRIC_KEYS) if (st.slo[k] !== undefined) sp.set(`slo.${k}`, String(st.slo[k]));
  if (st.color !== d.color) sp.set('color', st.color);
  if (st.size) sp.set('size', st.size);
  if (st.logX !== d.logX) sp.set('logx', st.logX ? '1' : '0');
  if (st.logY !== d.logY) sp.set('logy', st.logY ? '1' : '0');
  if (st.unit !== d.unit) sp.set('unit', st.unit);
  if (st.grid !== d.grid) sp.set('grid', String(st.grid));
  if (st.price !== d.price) sp.set('price', String(st.price));
  if (st.baseline !== d.baseline) sp.set('baseline', st.baseline);
  if (st.objective) sp.set('obj', st.objective);
  if (st.priceMetric) sp.set('pslo', st.priceMetric);
  if (st.sens.metric !== d.sens.metric) sp.set('sm', st.sens.metric);
  if (st.sens.knob !== d.sens.knob) sp.set('sk', st.sens.knob);
  if (st.sens.series) sp.set('ss', st.sens.series);
  if (st.sens.facet !== d.sens.facet) sp.set('sf', st.sens.facet);
  if (st.sel.length) sp.set('sel', st.sel.join(','));
  if (st.frontierOnly) sp.set('fo', '1');
  if (st.agg !== d.agg) sp.set('agg', st.agg);
  if (st.pred) sp.set('pred', '1');
  if (st.shape !== d.shape) sp.set('shape', st.shape);
  return sp;
}

export function viewStateToQuery(st: ViewState): string {
  const s = viewStateToParams(st).toString();
  return s ? `?${s}` : '';
}

/** The objective the recommendation minimises: explicit, else the energy axis, else J/output token. */
export function objectiveOf(st: Pick<ViewState, 'x' | 'y' | 'objective'>): MetricKey {
  if (st.objective) return st.objective;
  if (METRIC_BY_KEY.get(st.y)?.group === 'energy') return st.y;
  if (METRIC_BY_KEY.get(st.x)?.group === 'energy') return st.x;
  return 'energy_per_output_token_j';
}

/** Energy-per-token axes get the J / kWh / CO2e / cost unit switch. */
export const PER_TOKEN_ENERGY: readonly MetricKey[] = ['energy_per_output_token_j', 'energy_per_token_j'];
