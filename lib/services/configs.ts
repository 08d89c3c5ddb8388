/**
 * Configurations and fits for one query, shared by GET /api/configs, GET /api/fits and the
 * /models page: read the runs (db/queries/configs.ts), then the pure lib/configs and lib/models.
 */
import type { DB } from '@/db/client';
import { readRunsForConfigs } from '@/db/queries/configs';
import type { ConfigsQuery, FitsQuery } from '@/lib/api/configs-query';
import {
  groupConfigs,
  pickConfiguration,
  summarizeConfig,
  type Configuration,
  type MetricSummary,
} from '@/lib/configs';
import type { MetricKey } from '@/lib/metrics/keys';
import { predictBilinear, predictPowerLaw, type Prediction } from '@/lib/models';
import { UnfittableError } from '@/lib/models/errors';
import { FIT_TARGETS, fitFamilies, fitJson, type FamilyFit } from '@/lib/models/families';

export interface ConfigJson {
  model: string;
  gpu: string;
  gpuCount: number;
  engine: string;
  engineVersion: string | null;
  simulated: boolean;
  knobs: Configuration['knobs'];
  dataset: string | null;
  n: number;
  runIds: number[];
  metrics: Partial<Record<MetricKey, MetricSummary>>;
}

export function configJson(c: Configuration): ConfigJson {
  return {
    model: c.model,
    gpu: c.gpu,
    gpuCount: c.gpuCount,
    engine: c.engine,
    engineVersion: c.engineVersion,
    simulated: c.simulated,
    knobs: { ...c.knobs },
    dataset: c.dataset,
    n: c.runs.length,
    runIds: c.runs.map((r) => r.id),
    metrics: summarizeConfig(c),
  };
}

export function configsView(db: DB, q: ConfigsQuery) {
  const configs = groupConfigs(readRunsForConfigs(db, q.filters));
  const view = pickConfiguration(configs, { x: q.x, y: q.y, slo: q.slo, resamples: q.resamples });
  return { x: q.x, y: q.y, slo: q.slo, configs: configs.map(configJson), ...view };
}

export type PredictionJson = Prediction & { x: Record<string, number> };

function predictions(ff: FamilyFit, points: number[][]): PredictionJson[] {
  const fit = ff.fit;
  if (!fit.ok) return [];
  if (fit.form === 'a*in+b*out+c*in*out')
    return points.map(([i, o]) => ({ x: { in: i, out: o }, ...predictBilinear(fit, i, o) }));
  return points.map(([f]) => ({ x: { f }, ...predictPowerLaw(fit, f) }));
}

function groupJson(ff: FamilyFit, points: number[][]) {
  return {
    family: { ...ff.family, knobs: { ...ff.family.knobs } },
    runIds: ff.runIds,
    ...fitJson(ff.fit),
    predictions: predictions(ff, points),
  };
}

/**
 * The largest fittable family's fit at the top level; every family in `groups` when there is more
 * than one. UnfittableError (422) with the reason when no family can be fitted.
 */
export function fitsView(db: DB, q: FitsQuery) {
  const runs = readRunsForConfigs(db, q.filters);
  if (!runs.length) throw new UnfittableError('no runs match the query (study, model, gpu): nothing to fit');
  const fams = fitFamilies(runs, q.target);
  const primary = fams.find((f) => f.fit.ok);
  if (!primary) {
    const reasons = fams.slice(0, 5).map((f) => (f.fit.ok ? '' : f.fit.reason));
    const more = fams.length > 1 ? ` (${fams.length} configuration families; the largest: ${reasons.join('; ')})` : '';
    throw new UnfittableError(`${fams.length > 1 ? 'no family can be fitted' : reasons[0]}${more}`);
  }
  return {
    target: q.target,
    over: FIT_TARGETS[q.target] === 'io' ? ['in', 'out'] : ['sm_clock_mhz'],
    ...groupJson(primary, q.predict),
    ...(fams.length > 1 ? { groups: fams.map((f) => groupJson(f, q.predict)) } : {}),
  };
}
