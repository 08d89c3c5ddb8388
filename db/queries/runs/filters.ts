/**
 * The one run-filter builder: the runs table (drizzle), the explorer's column reads and the
 * sensitivity view (raw prepared statements) all turn their filters into SQL here, so a filter
 * means the same thing on every page. Column names come from fixed lists, values are parameters.
 */
import { isReservedKey } from '@/lib/safe-keys';
import { sql, type SQL } from 'drizzle-orm';
import { KNOB_COLUMNS, type ColumnKnob } from '@/db/mappers/run-row';
import { isMetricKey, type MetricKey } from '@/lib/metrics/keys';
import { ValidationError } from '@/lib/errors';

/** Free-form ("extra") knob names usable in filters: letters, digits, `_` and `-`, up to 64 characters. */
export const EXTRA_KNOB_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export interface ExtraKnobFilter {
  /** Equality: strings compare as text; a numeric or boolean value also matches its JSON number/boolean. */
  eq?: string | number | boolean;
  /** Inclusive numeric bounds (only numeric JSON values match). */
  min?: number;
  max?: number;
}

export interface RunFilters {
  study?: number;
  model?: string[];
  gpu?: string[];
  engine?: string[];
  simulated?: boolean;
  q?: string;
  ids?: number[];
  /** Inclusive ranges on typed knob columns, e.g. { max_num_seqs: { min: 64 } }. */
  knobs?: Partial<Record<ColumnKnob, { min?: number; max?: number }>>;
  /** Free-form knobs (stored in the JSON doc), e.g. { run_tag: { eq: 'baseline' } }. Names must match EXTRA_KNOB_NAME. */
  extraKnobs?: Record<string, ExtraKnobFilter>;
  /** Upper bounds on metrics (SLOs) or lower bounds on "higher is better" metrics. */
  metricMax?: Partial<Record<MetricKey, number>>;
  metricMin?: Partial<Record<MetricKey, number>>;
}

/** The explorer's filter shape (lib/explore/state.ts ExploreFilters, study resolved). */
export interface ExplorerFilterInput {
  study: number | 'all' | null;
  model: string[];
  gpu: string[];
  engine: string[];
  sim: 'real' | 'sim' | null;
  knobs: Partial<Record<string, { min?: number; max?: number }>>;
}

/** The explorer's filters as run filters (same meaning: 'all' / null study = no study filter). */
export function explorerRunFilters(f: ExplorerFilterInput): RunFilters {
  const knobs: RunFilters['knobs'] = {};
  for (const [k, r] of Object.entries(f.knobs)) {
    if (!Object.hasOwn(KNOB_COLUMNS, k)) throw new ValidationError(`knob.${k.slice(0, 64)}: not a typed knob`);
    if (r && (r.min !== undefined || r.max !== undefined)) knobs[k as ColumnKnob] = r;
  }
  return {
    ...(typeof f.study === 'number' ? { study: f.study } : {}),
    ...(f.model.length ? { model: f.model } : {}),
    ...(f.gpu.length ? { gpu: f.gpu } : {}),
    ...(f.engine.length ? { engine: f.engine } : {}),
    ...(f.sim ? { simulated: f.sim === 'sim' } : {}),
    ...(Object.keys(knobs).length ? { knobs } : {}),
  };
}

/** A WHERE fragment (no `WHERE`) with `?` placeholders, and its parameters in order. */
export interface SqlFragment {
  text: string;
  params: unknown[];
}

/** JSON path of a free-form knob in the doc column (bound as a parameter, never interpolated). */
function extraKnobPath(name: string): string {
  if (!EXTRA_KNOB_NAME.test(name) || isReservedKey(name))
    throw new ValidationError(
      `invalid knob name "${name.slice(0, 80)}": use letters, digits, "_" or "-" (at most 64 characters)`,
    );
  return `$.knobs_extra."${name}"`;
}

/** Values an extra-knob equality matches: the text, and its number / boolean when it reads as one. */
function extraKnobAlternatives(eq: string | number | boolean): unknown[] {
  const alts: unknown[] = [String(eq)];
  if (typeof eq === 'number') alts.push(eq);
  else if (typeof eq === 'boolean') alts.push(eq ? 1 : 0);
  else if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(eq.trim())) alts.push(Number(eq));
  else if (eq === 'true' || eq === 'false') alts.push(eq === 'true' ? 1 : 0);
  return alts;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * The conditions of a run filter, ANDed. `noIndex` prefixes filter columns with unary `+` so
 * SQLite cannot use their indexes: the runs table uses it when a broad filter would otherwise
 * make the planner pick a filter index plus a temp B-tree sort instead of walking the sort index.
 */
export function runFilterSql(f: RunFilters, opts: { noIndex?: boolean } = {}): SqlFragment | null {
  const c: string[] = [];
  const p: unknown[] = [];
  const col = (name: string) => (opts.noIndex ? `+${name}` : name);
  /** One condition and its parameters, kept in step. */
  const add = (clause: string, ...params: unknown[]) => {
    c.push(clause);
    p.push(...params);
  };
  const inList = (name: string, vals: string[] | undefined) => {
    if (!vals?.length) return;
    c.push(`${col(name)} IN (${placeholders(vals.length)})`);
    p.push(...vals);
  };
  if (f.study !== undefined) add(`${col('study_id')} = ?`, f.study);
  inList('model_id', f.model);
  inList('gpu_model', f.gpu);
  inList('engine_name', f.engine);
  if (f.simulated !== undefined) add(`${col('simulated')} = ?`, f.simulated ? 1 : 0);
  // One JSON parameter instead of one SQL variable per id (SQLite allows at most 32766).
  if (f.ids?.length) add('id IN (SELECT value FROM json_each(?))', JSON.stringify(f.ids));
  if (f.q) add("label LIKE ? ESCAPE '\\'", `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  for (const [k, r] of Object.entries(f.knobs ?? {})) {
    if (!Object.hasOwn(KNOB_COLUMNS, k)) throw new ValidationError(`knob.${k.slice(0, 64)}: not a typed knob`);
    if (r?.min !== undefined) add(`${col(`"${k}"`)} >= ?`, r.min);
    if (r?.max !== undefined) add(`${col(`"${k}"`)} <= ?`, r.max);
  }
  for (const [name, r] of Object.entries(f.extraKnobs ?? {})) {
    const path = extraKnobPath(name);
    if (r.eq !== undefined) {
      const alts = extraKnobAlternatives(r.eq);
      c.push(`json_extract(doc, ?) IN (${placeholders(alts.length)})`);
      p.push(path, ...alts);
    }
    if (r.min !== undefined || r.max !== undefined) add("json_type(doc, ?) IN ('integer', 'real')", path);
    if (r.min !== undefined) add('json_extract(doc, ?) >= ?', path, r.min);
    if (r.max !== undefined) add('json_extract(doc, ?) <= ?', path, r.max);
  }
  const bound = (m: Partial<Record<MetricKey, number>> | undefined, op: '<=' | '>=') => {
    for (const [k, v] of Object.entries(m ?? {})) {
      if (v === undefined) continue;
      if (!isMetricKey(k)) throw new ValidationError(`${k.slice(0, 64)}: not a metric`);
      add(`${col(`"${k}"`)} ${op} ?`, v);
    }
  };
  bound(f.metricMax, '<=');
  bound(f.metricMin, '>=');
  return c.length ? { text: c.join(' AND '), params: p } : null;
}

/** `WHERE ...` (or '') of a filter plus extra raw conditions, for raw prepared statements. */
export function whereClause(f: RunFilters, extra: string[] = [], opts: { noIndex?: boolean } = {}): SqlFragment {
  const frag = runFilterSql(f, opts);
  const c = [...(frag ? [frag.text] : []), ...extra];
  return { text: c.length ? `WHERE ${c.join(' AND ')}` : '', params: frag?.params ?? [] };
}

/** A fragment as a drizzle SQL chunk (placeholders become bound parameters). */
export function toDrizzle(frag: SqlFragment): SQL {
  const parts = frag.text.split('?');
  if (parts.length !== frag.params.length + 1)
    throw new Error('runFilterSql: placeholder count does not match its parameters');
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    chunks.push(sql.raw(part));
    if (i < frag.params.length) chunks.push(sql`${frag.params[i]}`);
  });
  return sql.join(chunks);
}

/** WHERE condition of a run filter for drizzle queries on runs (undefined when nothing filters). */
export function runWhere(f: RunFilters, opts: { noIndex?: boolean } = {}): SQL | undefined {
  const frag = runFilterSql(f, opts);
  return frag ? toDrizzle(frag) : undefined;
}

/** `id IN (...)` as one JSON parameter: any number of ids (SQL variables are capped at 32766). */
export const idIn = (ids: number[]) =>
  toDrizzle({ text: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(ids)] });

/** True when a filter touches only what run_groups counts (study, model, GPU, engine, simulated). */
export function isGroupFilter(f: RunFilters): boolean {
  return (
    !f.q &&
    !f.ids?.length &&
    !Object.keys(f.knobs ?? {}).length &&
    !Object.keys(f.extraKnobs ?? {}).length &&
    !Object.keys(f.metricMax ?? {}).length &&
    !Object.keys(f.metricMin ?? {}).length
  );
}
