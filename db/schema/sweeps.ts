/**
 * Sweeps: a sweep is a saved definition (spec JSON: model, server, workload, grid, executor...)
 * plus its points. Each point is one job of the durable queue (db/queries/sweep-queue.ts): the worker
 * claims it in a short synchronous transaction, holds a lease it renews by heartbeat, and on
 * success links exactly one run (runs.sweep_point_id = point id, point.run_id = run id).
 * Live progress (power samples) is kept in sweep_samples; it is transient and small.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { studies } from './studies';

export const sweeps = sqliteTable(
  'sweeps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    studyId: integer('study_id').references(() => studies.id, { onDelete: 'set null' }),
    /** 'local' | 'slurm' */
    executor: text('executor').notNull(),
    simulated: integer('simulated', { mode: 'boolean' }).notNull(),
    /** The validated SweepSpec (lib/sweeps/spec.ts). */
    spec: text('spec', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    /** 'draft' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled' */
    state: text('state').notNull(),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by'),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
  },
  (t) => [index('sweeps_state_idx').on(t.state)],
);

export const sweepPoints = sqliteTable(
  'sweep_points',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sweepId: integer('sweep_id')
      .notNull()
      .references(() => sweeps.id, { onDelete: 'cascade' }),
    /** Position in the expanded grid (0-based) and repetition number. */
    idx: integer('idx').notNull(),
    rep: integer('rep').notNull().default(0),
    knobs: text('knobs', { mode: 'json' }).notNull().$type<Record<string, number>>(),
    /** 'queued' | 'running' | 'done' | 'failed' | 'cancelled' */
    state: text('state').notNull().default('queued'),
    /** Finer detail while running: 'claimed', 'submitted', 'PENDING (Resources)', 'measuring'... */
    phase: text('phase'),
    reason: text('reason'),
    runId: integer('run_id'),
    attempt: integer('attempt').notNull().default(0),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    /** Lease: the worker holding the point and until when (epoch ms); renewed by heartbeat. */
    workerId: text('worker_id'),
    leaseUntil: integer('lease_until'),
    /** Executor handle: 'local:<pid>:<starttime>' or 'slurm:<jobid>'. */
    externalId: text('external_id'),
    jobDir: text('job_dir'),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    updatedAt: integer('updated_at'),
  },
  (t) => [index('sweep_points_sweep_idx').on(t.sweepId, t.idx), index('sweep_points_state_idx').on(t.state)],
);

/** Live power/clock samples of running points (t_s relative to the point's start). */
export const sweepSamples = sqliteTable(
  'sweep_samples',
  {
    pointId: integer('point_id')
      .notNull()
      .references(() => sweepPoints.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    tS: real('t_s').notNull(),
    powerW: real('power_w'),
    smClockMhz: real('sm_clock_mhz'),
  },
  (t) => [index('sweep_samples_point_idx').on(t.pointId, t.attempt, t.tS)],
);

export type Sweep = typeof sweeps.$inferSelect;
export type SweepPoint = typeof sweepPoints.$inferSelect;
