/**
 * Sweep queries for the API and UI. The sweep-point state rules live here and next door: user
 * actions (cancel, retry, start, rerun) and the roll-up to the sweep's state here, the worker's
 * transitions (claim, lease, adopt, requeue, finish, complete) in ./sweep-queue.ts.
 * All synchronous (better-sqlite3); multi-statement changes run in one short transaction.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { sweepPoints, sweepSamples, sweeps, type Sweep, type SweepPoint } from '@/db/schema';
import { ensureStudy, getStudy } from '@/db/queries/studies';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { expandGrid } from '@/lib/sweeps/grid';
import { parseSweepSpec, type SweepSpec } from '@/lib/sweeps/spec';
import { policyOfSpec } from '@/lib/sweeps/adaptive';

export const SWEEP_STATES = ['draft', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const POINT_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type SweepState = (typeof SWEEP_STATES)[number];
export type PointState = (typeof POINT_STATES)[number];

/** Creates a sweep and its points (state 'queued', or 'draft' when start is false). */
export function createSweep(db: DB, input: unknown, opts: { start?: boolean; createdBy?: string | null } = {}): Sweep {
  const spec = parseSweepSpec(input);
  return db.transaction(() => {
    let studyId: number;
    if (typeof spec.study === 'number') {
      if (!getStudy(db, spec.study)) throw new ValidationError(`study: no study with id ${spec.study}`);
      studyId = spec.study;
    } else {
      studyId = ensureStudy(db, spec.study ?? spec.name).id;
    }
    const sweep = db
      .insert(sweeps)
      .values({
        name: spec.name,
        studyId,
        executor: spec.executor,
        simulated: spec.simulated,
        spec: spec as unknown as Record<string, unknown>,
        state: opts.start === false ? 'draft' : 'queued',
        createdBy: opts.createdBy ?? null,
      })
      .returning()
      .get();
    const now = Date.now();
    for (const p of expandGrid(spec.grid, policyOfSpec(spec)?.minRuns ?? spec.repetitions))
      db.insert(sweepPoints)
        .values({
          sweepId: sweep.id,
          idx: p.idx,
          rep: p.rep,
          knobs: p.knobs as Record<string, number>,
          state: 'queued',
          updatedAt: now,
        })
        .run();
    return sweep;
  });
}

export function getSweep(db: DB, id: number): Sweep | undefined {
  return db.select().from(sweeps).where(eq(sweeps.id, id)).get();
}

export function getSweepOrThrow(db: DB, id: number): Sweep {
  const s = getSweep(db, id);
  if (!s) throw new NotFoundError(`sweep ${id} not found`);
  return s;
}

export function sweepSpec(s: Sweep): SweepSpec {
  return parseSweepSpec(s.spec);
}

export function getPoints(db: DB, sweepId: number): SweepPoint[] {
  return db.select().from(sweepPoints).where(eq(sweepPoints.sweepId, sweepId)).orderBy(asc(sweepPoints.idx)).all();
}

export function getPointOrThrow(db: DB, sweepId: number, pointId: number): SweepPoint {
  const p = db
    .select()
    .from(sweepPoints)
    .where(and(eq(sweepPoints.id, pointId), eq(sweepPoints.sweepId, sweepId)))
    .get();
  if (!p) throw new NotFoundError(`point ${pointId} of sweep ${sweepId} not found`);
  return p;
}

export type SweepSummary = Sweep & { counts: Record<PointState, number>; points: number };

export function listSweeps(db: DB, opts: { limit?: number } = {}): SweepSummary[] {
  const list = db
    .select()
    .from(sweeps)
    .orderBy(desc(sweeps.id))
    .limit(opts.limit ?? 200)
    .all();
  if (!list.length) return [];
  const rows = db
    .select({ sweepId: sweepPoints.sweepId, state: sweepPoints.state, n: sql<number>`count(*)` })
    .from(sweepPoints)
    .where(
      inArray(
        sweepPoints.sweepId,
        list.map((s) => s.id),
      ),
    )
    .groupBy(sweepPoints.sweepId, sweepPoints.state)
    .all();
  return list.map((s) => {
    const counts = Object.fromEntries(POINT_STATES.map((k) => [k, 0])) as Record<PointState, number>;
    for (const r of rows) if (r.sweepId === s.id) counts[r.state as PointState] = r.n;
    return { ...s, counts, points: Object.values(counts).reduce((a, b) => a + b, 0) };
  });
}

/** The API view of a sweep (GET /api/sweeps/:id). */
export function sweepView(db: DB, id: number) {
  const s = getSweepOrThrow(db, id);
  const points = getPoints(db, id);
  return {
    id: s.id,
    name: s.name,
    state: s.state as SweepState,
    executor: s.executor,
    simulated: s.simulated,
    studyId: s.studyId,
    cancelRequested: s.cancelRequested,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    spec: s.spec,
    points: points.map((p) => ({
      id: p.id,
      idx: p.idx,
      rep: p.rep,
      knobs: p.knobs,
      state: p.state as PointState,
      phase: p.phase ?? undefined,
      reason: p.reason ?? undefined,
      runId: p.runId ?? undefined,
      attempt: p.attempt,
      cancelRequested: p.cancelRequested,
      externalId: p.externalId ?? undefined,
      startedAt: p.startedAt ?? undefined,
      finishedAt: p.finishedAt ?? undefined,
    })),
  };
}
export type SweepView = ReturnType<typeof sweepView>;

/** Recomputes a sweep's state from its points (after any point change). */
export function rollupSweep(db: DB, sweepId: number): SweepState {
  const s = getSweepOrThrow(db, sweepId);
  if (s.state === 'draft') return 'draft';
  const pts = getPoints(db, sweepId);
  const n = (st: PointState) => pts.filter((p) => p.state === st).length;
  let state: SweepState;
  if (n('running') > 0) state = 'running';
  else if (n('queued') > 0)
    state = s.cancelRequested ? 'cancelled' : pts.some((p) => p.state !== 'queued') ? 'running' : 'queued';
  else if (s.cancelRequested) state = 'cancelled';
  else if (n('failed') > 0) state = 'failed';
  else if (n('done') === 0 && n('cancelled') > 0) state = 'cancelled';
  else state = 'done';
  const terminal = state === 'done' || state === 'failed' || state === 'cancelled';
  if (state !== s.state || (terminal && !s.finishedAt))
    db.update(sweeps)
      .set({ state, finishedAt: terminal ? (s.finishedAt ?? new Date().toISOString()) : null })
      .where(eq(sweeps.id, sweepId))
      .run();
  return state;
}

/** Cancels the whole sweep: queued points at once, running ones via the worker (flag). */
export function cancelSweep(db: DB, id: number): SweepView {
  db.transaction(() => {
    const s = getSweepOrThrow(db, id);
    if (s.state === 'done' || s.state === 'failed' || s.state === 'cancelled') return;
    // A draft never started: cancelling it would leave a definition that can never run.
    if (s.state === 'draft')
      throw new ConflictError(`sweep ${id} is a draft that has not started: start it, or delete it`);
    db.update(sweeps).set({ cancelRequested: true }).where(eq(sweeps.id, id)).run();
    const now = new Date().toISOString();
    db.update(sweepPoints)
      .set({
        state: 'cancelled',
        reason: 'cancelled by user before it started',
        finishedAt: now,
        updatedAt: Date.now(),
      })
      .where(and(eq(sweepPoints.sweepId, id), eq(sweepPoints.state, 'queued')))
      .run();
    db.update(sweepPoints)
      .set({ cancelRequested: true, updatedAt: Date.now() })
      .where(and(eq(sweepPoints.sweepId, id), eq(sweepPoints.state, 'running')))
      .run();
    rollupSweep(db, id);
  });
  return sweepView(db, id);
}

export function cancelPoint(db: DB, sweepId: number, pointId: number): SweepView {
  db.transaction(() => {
    const p = getPointOrThrow(db, sweepId, pointId);
    if (p.state === 'queued')
      db.update(sweepPoints)
        .set({
          state: 'cancelled',
          reason: 'cancelled by user before it started',
          finishedAt: new Date().toISOString(),
          updatedAt: Date.now(),
        })
        .where(eq(sweepPoints.id, pointId))
        .run();
    else if (p.state === 'running')
      db.update(sweepPoints)
        .set({ cancelRequested: true, updatedAt: Date.now() })
        .where(eq(sweepPoints.id, pointId))
        .run();
    else throw new ConflictError(`point ${pointId} is ${p.state}; only queued or running points can be cancelled`);
    rollupSweep(db, sweepId);
  });
  return sweepView(db, sweepId);
}

/** Re-queues failed/cancelled points (one, or all of the sweep's). */
export function retryPoints(db: DB, sweepId: number, pointId?: number): SweepView {
  db.transaction(() => {
    const s = getSweepOrThrow(db, sweepId);
    const pts = pointId !== undefined ? [getPointOrThrow(db, sweepId, pointId)] : getPoints(db, sweepId);
    const retry = pts.filter((p) => p.state === 'failed' || p.state === 'cancelled');
    if (pointId !== undefined && !retry.length)
      throw new ConflictError(`point ${pointId} is ${pts[0].state}; only failed or cancelled points can be retried`);
    if (!retry.length) throw new ConflictError('no failed or cancelled points to retry');
    for (const p of retry)
      db.update(sweepPoints)
        .set({
          state: 'queued',
          reason: null,
          phase: null,
          cancelRequested: false,
          externalId: null,
          workerId: null,
          leaseUntil: null,
          finishedAt: null,
          updatedAt: Date.now(),
        })
        .where(eq(sweepPoints.id, p.id))
        .run();
    db.update(sweeps)
      .set({ cancelRequested: false, state: s.state === 'draft' ? 'draft' : 'running', finishedAt: null })
      .where(eq(sweeps.id, sweepId))
      .run();
    rollupSweep(db, sweepId);
  });
  return sweepView(db, sweepId);
}

/** Starts a saved (draft) sweep. */
export function startSweep(db: DB, id: number): SweepView {
  const s = getSweepOrThrow(db, id);
  if (s.state !== 'draft') throw new ConflictError(`sweep ${id} is ${s.state}, not a draft`);
  db.update(sweeps).set({ state: 'queued' }).where(eq(sweeps.id, id)).run();
  return sweepView(db, id);
}

/** A new sweep from a saved definition (optionally with overrides, e.g. a new name). */
export function rerunSweep(
  db: DB,
  id: number,
  overrides: Record<string, unknown> = {},
  opts: { createdBy?: string | null; start?: boolean } = {},
): Sweep {
  const s = getSweepOrThrow(db, id);
  const spec = { ...(s.spec as Record<string, unknown>), ...(s.studyId ? { study: s.studyId } : {}), ...overrides };
  return createSweep(db, spec, opts);
}

export function deleteSweep(db: DB, id: number): void {
  const s = getSweepOrThrow(db, id);
  if (s.state === 'running' || s.state === 'queued')
    throw new ConflictError(`sweep ${id} is ${s.state}; cancel it first`);
  db.delete(sweeps).where(eq(sweeps.id, id)).run();
}

/** Power samples of a point's latest attempt (live trace). */
export function pointSamples(db: DB, pointId: number, attempt: number, sinceT = -1) {
  return db
    .select({ t: sweepSamples.tS, power_w: sweepSamples.powerW, sm_clock_mhz: sweepSamples.smClockMhz })
    .from(sweepSamples)
    .where(
      and(eq(sweepSamples.pointId, pointId), eq(sweepSamples.attempt, attempt), sql`${sweepSamples.tS} > ${sinceT}`),
    )
    .orderBy(asc(sweepSamples.tS))
    .limit(5000)
    .all();
}
