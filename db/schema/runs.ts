/**
 * Runs: the knobs and metrics the explorer filters and sorts on are real (indexed) columns; the
 * rest of the run record lives in `doc` (JSON). Bulky series (power trace, per-request samples)
 * live in run_blobs as Float64Array blobs so that scanning runs never reads them.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { COLUMN_KNOBS } from '@/lib/knobs/catalogue';
import { METRIC_KEYS, type MetricKey } from '@/lib/metrics/keys';
import { studies } from './studies';

/** Typed knob columns with an index (the others are filtered rarely and scanned). */
export const INDEXED_KNOBS = ['sm_clock_mhz', 'power_limit_w', 'tp', 'max_num_seqs'] as const;
const KNOB_PROPS = {
  sm_clock_mhz: 'smClockMhz',
  power_limit_w: 'powerLimitW',
  tp: 'tp',
  max_num_seqs: 'maxNumSeqs',
} as const;
/** Metric columns with an index: energy per output token, output throughput and the p99 SLO latencies. */
export const INDEXED_METRICS = [
  'energy_per_output_token_j',
  'output_throughput_tps',
  'ttft_ms_p99',
  'tpot_ms_p99',
] as const satisfies readonly MetricKey[];

const metricColumns = Object.fromEntries(METRIC_KEYS.map((k) => [k, real(k)])) as {
  [K in MetricKey]: ReturnType<typeof real<K>>;
};

export const runs = sqliteTable(
  'runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    importId: integer('import_id'),
    sweepPointId: integer('sweep_point_id'),
    contentHash: text('content_hash').notNull(),
    label: text('label').notNull(),
    createdAt: text('created_at').notNull(),
    measuredAt: text('measured_at'),
    sourceKind: text('source_kind').notNull(),
    sourceFormat: text('source_format'),
    modelId: text('model_id').notNull(),
    gpuModel: text('gpu_model').notNull(),
    gpuCount: integer('gpu_count').notNull(),
    simulated: integer('simulated', { mode: 'boolean' }).notNull(),
    engineName: text('engine_name').notNull(),
    smClockMhz: real('sm_clock_mhz'),
    powerLimitW: real('power_limit_w'),
    tp: integer('tp'),
    pp: integer('pp'),
    maxNumSeqs: integer('max_num_seqs'),
    maxConcurrency: integer('max_concurrency'),
    requestRate: real('request_rate'),
    inputLen: real('input_len'),
    outputLen: real('output_len'),
    ...metricColumns,
    /** The rest of the run record (model/hardware/engine details, extra knobs, workload, provenance). */
    doc: text('doc', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
  },
  (t) => [
    // (study_id, content_hash): the dedupe lookup of insertRuns (one seek per run), and every
    // study_id filter / GROUP BY / cascade uses its prefix.
    index('runs_study_hash_idx').on(t.studyId, t.contentHash),
    // The explorer's filters, study first: one model (on one GPU) of one study is a range seek.
    index('runs_study_model_gpu_idx').on(t.studyId, t.modelId, t.gpuModel),
    index('runs_model_idx').on(t.modelId),
    // The explorer's usual view is one model on one GPU: its column read and its baseline lookup
    // seek this instead of visiting every run of the model (1M runs: 120 -> 40 ms, bench/frontier).
    index('runs_model_gpu_idx').on(t.modelId, t.gpuModel),
    index('runs_gpu_idx').on(t.gpuModel),
    index('runs_engine_idx').on(t.engineName),
    index('runs_import_idx').on(t.importId),
    // Partial: imported runs (NULL) cost nothing; the worker looks runs up by sweep point.
    index('runs_sweep_point_idx')
      .on(t.sweepPointId)
      .where(sql`${t.sweepPointId} IS NOT NULL`),
    // Sort/filter columns of the runs table. Each index also orders by id (rowid), so
    // `ORDER BY col <dir> NULLS LAST, id <dir>` is an index walk (docs/run-record.md). Every index
    // costs bulk-insert time (~1.5 us per run each), so only the common ones are indexed.
    index('runs_eot_idx').on(t.energy_per_output_token_j),
    ...INDEXED_KNOBS.map((k) => index(`runs_${k}_idx`).on(t[KNOB_PROPS[k]])),
    ...INDEXED_METRICS.filter((k) => k !== 'energy_per_output_token_j').map((k) => index(`runs_${k}_idx`).on(t[k])),
  ],
);

export const runBlobs = sqliteTable(
  'run_blobs',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** 'trace' | 'requests' */
    kind: text('kind').notNull(),
    /** Column layout of the blob (JSON: names and lengths), see db/mappers/blobs.ts. */
    layout: text('layout', { mode: 'json' }).notNull().$type<unknown>(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('run_blobs_run_idx').on(t.runId, t.kind)],
);

/**
 * The columns whose values run_groups counts per group (nn_<column>): every metric and typed knob,
 * in the order of migration 0010. A column added to either catalogue needs a migration that adds
 * its count (tests/store/derived.test.ts compares this list with the table).
 */
export const GROUP_COUNTED_COLUMNS = [...METRIC_KEYS, ...COLUMN_KNOBS] as const;
export type GroupCountedColumn = (typeof GROUP_COUNTED_COLUMNS)[number];
export const nnColumn = (c: GroupCountedColumn) => `nn_${c}` as const;

const countColumns = Object.fromEntries(
  GROUP_COUNTED_COLUMNS.map((c) => [nnColumn(c), integer(nnColumn(c)).notNull().default(0)]),
) as { [K in GroupCountedColumn as `nn_${K}`]: ReturnType<typeof integer> };

/**
 * Run counts per (study, model, GPU, engine, simulated), and per group how many runs have a value
 * in each metric and knob column: derived data kept exact by insertRuns (one upsert per group and
 * batch) and by triggers on runs (migrations 0006, 0010) on every delete (study cascade and import
 * undo included) and update. Facets, unfiltered counts and the explorer's data availability read
 * this instead of scanning runs.
 * WITHOUT ROWID in SQL (drizzle cannot declare it; the migration is hand-written).
 */
export const runGroups = sqliteTable(
  'run_groups',
  {
    studyId: integer('study_id').notNull(),
    modelId: text('model_id').notNull(),
    gpuModel: text('gpu_model').notNull(),
    engineName: text('engine_name').notNull(),
    simulated: integer('simulated', { mode: 'boolean' }).notNull(),
    n: integer('n').notNull(),
    ...countColumns,
  },
  (t) => [primaryKey({ columns: [t.studyId, t.modelId, t.gpuModel, t.engineName, t.simulated] })],
);

/** One row (id 1): moves on every delete or update of a run, never on insert (column caches). */
export const runEpoch = sqliteTable('run_epoch', {
  id: integer('id').primaryKey(),
  epoch: integer('epoch').notNull(),
});

export type RunRow = typeof runs.$inferSelect;
export type NewRunRow = typeof runs.$inferInsert;
