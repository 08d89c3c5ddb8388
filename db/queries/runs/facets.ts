/**
 * Facets (distinct models, GPUs, engines) and group counts, read from run_groups: derived data
 * kept exact by insertRuns and by triggers on runs (migration 0006), a few hundred rows even at 1M runs, so the
 * filter pickers and unfiltered counts never scan runs.
 */
import type { DB } from '@/db/client';
import { prepared } from '@/db/queries/prepared';
import { KNOB_COLUMNS, type ColumnKnob } from '@/db/mappers/run-row';
import { GROUP_COUNTED_COLUMNS, nnColumn } from '@/db/schema';
import { whereClause, type RunFilters } from './filters';

export interface Facets {
  models: string[];
  gpus: string[];
  engines: string[];
}

/** Distinct values of one run_groups column under a study (or every study). */
function distinct(db: DB, col: 'model_id' | 'gpu_model' | 'engine_name', study: number | undefined): string[] {
  const where = study !== undefined ? 'WHERE study_id = ?' : '';
  const rows = prepared(db, `SELECT DISTINCT ${col} FROM run_groups ${where} ORDER BY ${col}`)
    .raw(true)
    .all(...(study !== undefined ? [study] : [])) as [string][];
  return rows.map((r) => r[0]);
}

/** Distinct values for the filter pickers of a study (or of every study). */
export function runFacets(db: DB, study?: number): Facets {
  return {
    models: distinct(db, 'model_id', study),
    gpus: distinct(db, 'gpu_model', study),
    engines: distinct(db, 'engine_name', study),
  };
}

/** The WHERE clause of a filter's run_groups columns (the rest of the filter is ignored). */
function groupWhere(f: RunFilters) {
  return whereClause({ study: f.study, model: f.model, gpu: f.gpu, engine: f.engine, simulated: f.simulated });
}

/** Runs matching a filter on study / model / GPU / engine / simulated only (see isGroupFilter). */
export function groupCount(db: DB, f: RunFilters): number {
  const { text, params } = groupWhere(f);
  const r = prepared(db, `SELECT coalesce(sum(n), 0) FROM run_groups ${text}`)
    .raw(true)
    .get(...params) as [number];
  return r[0];
}

/**
 * For a filter on study / model / GPU / engine / simulated only (see isGroupFilter): how many runs
 * match (`__total`) and how many of them have a value in each metric and knob column, summed from
 * run_groups' counts (a few hundred rows) instead of reading every column of every matching run.
 */
export function groupColumnCounts(db: DB, f: RunFilters): Record<string, number> {
  const { text, params } = groupWhere(f);
  const sums = ['n', ...GROUP_COUNTED_COLUMNS.map(nnColumn)].map((c) => `coalesce(sum(${c}), 0)`).join(', ');
  const r = prepared(db, `SELECT ${sums} FROM run_groups ${text}`)
    .raw(true)
    .get(...params) as number[];
  // A plain object (sent to client components); its keys are the fixed catalogue columns.
  const out: Record<string, number> = { __total: r[0] };
  GROUP_COUNTED_COLUMNS.forEach((c, j) => (out[c] = r[j + 1]));
  return out;
}

/** Run counts per study, and how many of them are simulated (study list, overview). */
export function studyRunCounts(db: DB): Map<number, { runs: number; simulated: number }> {
  const rows = prepared(
    db,
    'SELECT study_id, sum(n), coalesce(sum(CASE WHEN simulated = 1 THEN n END), 0) FROM run_groups GROUP BY study_id',
  )
    .raw(true)
    .all() as [number, number, number][];
  return new Map(rows.map(([id, runs, simulated]) => [id, { runs, simulated }]));
}

/** Distinct values of one typed knob (for sensitivity views and filters), at most 200. */
export function knobValues(db: DB, knob: ColumnKnob, f: RunFilters = {}): number[] {
  if (!Object.hasOwn(KNOB_COLUMNS, knob)) throw new Error(`not a typed knob: ${knob}`);
  const { text, params } = whereClause(f, [`"${knob}" IS NOT NULL`]);
  const rows = prepared(db, `SELECT DISTINCT "${knob}" FROM runs ${text} ORDER BY 1 LIMIT 200`)
    .raw(true)
    .all(...params) as [number][];
  return rows.map((r) => Number(r[0]));
}
