/**
 * Query parameters of GET /api/configs and GET /api/fits (and the /models page):
 *   study=ID  model=M[,M2]  gpu=G[,G2]  engine=E
 *   configs: x=METRIC (default tpot_ms_p99)  y=METRIC (default energy_per_output_token_j)
 *            slo.METRIC=BOUND  resamples=100..5000
 *   fits:    target=energy_per_request_j|e2e_ms_mean|avg_power_w|output_throughput_tps
 *            predict=IN:OUT[,IN:OUT] (E(in, out) targets) or predict=MHZ[,MHZ] (clock targets)
 * Bad values -> ValidationError (400) naming the parameter.
 */
import type { ConfigFilters } from '@/db/queries/configs';
import { ValidationError } from '@/lib/errors';
import { isMetricKey, METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { FIT_TARGETS, isFitTarget, type FitTarget } from '@/lib/models/families';
import type { SloSpec } from '@/lib/slo';

const list = (sp: URLSearchParams, k: string) =>
  sp
    .getAll(k)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
    .slice(0, 50);

export function parseConfigFilters(sp: URLSearchParams): ConfigFilters {
  const f: ConfigFilters = {};
  const study = sp.get('study');
  if (study !== null && study !== '' && study !== 'all') {
    if (!/^\d{1,15}$/.test(study) || Number(study) < 1)
      throw new ValidationError('study: must be a positive integer study id');
    f.study = Number(study);
  }
  for (const k of ['model', 'gpu', 'engine'] as const) {
    const v = list(sp, k);
    if (v.some((s) => s.length > 300)) throw new ValidationError(`${k}: value longer than 300 characters`);
    if (v.length) f[k] = v;
  }
  return f;
}

function metricParam(sp: URLSearchParams, k: string, dflt: MetricKey): MetricKey {
  const v = sp.get(k);
  if (v === null || v === '') return dflt;
  if (!isMetricKey(v)) throw new ValidationError(`${k}: unknown metric "${v.slice(0, 60)}" (see docs/metrics.md)`);
  return v;
}

export interface ConfigsQuery {
  filters: ConfigFilters;
  x: MetricKey;
  y: MetricKey;
  slo: SloSpec;
  resamples?: number;
}

export function parseConfigsQuery(sp: URLSearchParams): ConfigsQuery {
  const slo: SloSpec = {};
  for (const [k, v] of sp.entries()) {
    if (!k.startsWith('slo.')) continue;
    const m = k.slice(4);
    if (!isMetricKey(m))
      throw new ValidationError(
        `${k.slice(0, 80)}: unknown metric (known: ${METRIC_KEYS.slice(0, 6).join(', ')}, ...)`,
      );
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new ValidationError(`${k}: must be a number`);
    slo[m] = n;
  }
  let resamples: number | undefined;
  const r = sp.get('resamples');
  if (r !== null) {
    resamples = Number(r);
    if (!Number.isInteger(resamples) || resamples < 100 || resamples > 5000)
      throw new ValidationError('resamples: must be an integer 100..5000');
  }
  return {
    filters: parseConfigFilters(sp),
    x: metricParam(sp, 'x', 'tpot_ms_p99'),
    y: metricParam(sp, 'y', 'energy_per_output_token_j'),
    slo,
    resamples,
  };
}

export interface FitsQuery {
  filters: ConfigFilters;
  target: FitTarget;
  /** Points to predict: [in, out] pairs or single clocks. */
  predict: number[][];
}

export function parseFitsQuery(sp: URLSearchParams): FitsQuery {
  const t = sp.get('target') ?? 'energy_per_request_j';
  if (!isFitTarget(t))
    throw new ValidationError(
      `target: "${t.slice(0, 60)}" cannot be fitted (targets: ${Object.keys(FIT_TARGETS).join(', ')})`,
    );
  const io = FIT_TARGETS[t] === 'io';
  const predict = list(sp, 'predict')
    .slice(0, 20)
    .map((s) => {
      const parts = s.split(':').map(Number);
      const want = io ? 2 : 1;
      if (parts.length !== want || parts.some((v) => !Number.isFinite(v) || v <= 0)) {
        throw new ValidationError(
          `predict: "${s.slice(0, 40)}" must be ${io ? 'IN:OUT token lengths' : 'an SM clock in MHz'} (positive numbers)`,
        );
      }
      return parts;
    });
  return { filters: parseConfigFilters(sp), target: t, predict };
}
