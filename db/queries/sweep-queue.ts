/**
 * The durable job queue over sweep_points. Every operation is one short synchronous transaction
 * (better-sqlite3): never await inside. A claimed point carries the worker's id and a lease
 * (epoch ms) renewed by heartbeat; a point whose lease expired (its worker died) is adopted by the
 * next worker, which re-attaches to the still-running job or finalises it from its job directory.
 * A point links at most one run: the insert happens in the same transaction that moves the point
 * to 'done', and only if the point has no run yet (idempotent by sweep point id).
 */
import type { DB } from '@/db/client';
import type { SweepPoint } from '@/db/schema';
import { insertRuns } from '@/db/queries/runs';
import { ensureStudy } from '@/db/queries/studies';
import { rollupSweep } from './sweeps';
import { adaptiveFollowUp } from '@/lib/jobs/adaptive-repeat';
import type { RunRecord } from '@/lib/record/schema';

const POINT_COLS = `id, sweep_id AS sweepId, idx, rep, knobs, state, phase, reason, run_id AS runId, attempt,
  cancel_requested AS cancelRequested, worker_id AS workerId, lease_until AS leaseUntil, external_id AS externalId,
  job_dir AS jobDir, started_at AS startedAt, finished_at AS finishedAt, updated_at AS updatedAt`;

function toPoint(r: Record<string, unknown>): SweepPoint {
  return {
    ...(r as unknown as SweepPoint),
    knobs: JSON.parse(r.knobs as string),
    cancelRequested: !!r.cancelRequested,
  };
}

/**
 * Claims the next queued point of an active sweep for this executor kind: oldest sweep first,
 * grid order within a sweep. Returns the claimed point (state 'running', attempt+1) or null.
 */
export function claimNext(
  db: DB,
  workerId: string,
  executor: string,
  leaseMs: number,
  jobDirFor: (p: { sweepId: number; id: number; attempt: number }) => string,
): SweepPoint | null {
  const c = db.$client;
  return c.transaction(() => {
    const row = c
      .prepare(
        `SELECT p.id, p.sweep_id AS sweepId, p.attempt FROM sweep_points p JOIN sweeps s ON s.id = p.sweep_id
         WHERE p.state = 'queued' AND p.cancel_requested = 0 AND s.executor = ? AND s.state IN ('queued','running') AND s.cancel_requested = 0
         ORDER BY s.id, p.idx LIMIT 1`,
      )
      .get(executor) as { id: number; sweepId: number; attempt: number } | undefined;
    if (!row) return null;
    const now = Date.now();
    const attempt = row.attempt + 1;
    c.prepare(
      `UPDATE sweep_points SET state = 'running', phase = 'claimed', reason = NULL, attempt = ?, worker_id = ?, lease_until = ?,
         external_id = NULL, job_dir = ?, started_at = ?, finished_at = NULL, updated_at = ? WHERE id = ? AND state = 'queued'`,
    ).run(
      attempt,
      workerId,
      now + leaseMs,
      jobDirFor({ sweepId: row.sweepId, id: row.id, attempt }),
      new Date(now).toISOString(),
      now,
      row.id,
    );
    c.prepare(
      `UPDATE sweeps SET state = 'running', started_at = coalesce(started_at, ?) WHERE id = ? AND state IN ('queued','running')`,
    ).run(new Date(now).toISOString(), row.sweepId);
    return toPoint(
      c.prepare(`SELECT ${POINT_COLS} FROM sweep_points WHERE id = ?`).get(row.id) as Record<string, unknown>,
    );
  })();
}

/** Records the executor's handle once the job is launched (only if we still hold the point). */
export function setExternalId(db: DB, pointId: number, workerId: string, externalId: string): boolean {
  return (
    db.$client
      .prepare(
        `UPDATE sweep_points SET external_id = ?, phase = 'launched', updated_at = ? WHERE id = ? AND worker_id = ? AND state = 'running'`,
      )
      .run(externalId, Date.now(), pointId, workerId).changes === 1
  );
}

export function setPhase(db: DB, pointId: number, workerId: string, phase: string): void {
  db.$client
    .prepare(
      `UPDATE sweep_points SET phase = ?, updated_at = ? WHERE id = ? AND worker_id = ? AND state = 'running' AND coalesce(phase,'') <> ?`,
    )
    .run(phase.slice(0, 200), Date.now(), pointId, workerId, phase.slice(0, 200));
}

/** Renews the lease of every running point this worker holds. */
export function heartbeat(db: DB, workerId: string, leaseMs: number): number {
  return db.$client
    .prepare(`UPDATE sweep_points SET lease_until = ? WHERE worker_id = ? AND state = 'running'`)
    .run(Date.now() + leaseMs, workerId).changes;
}

/** Takes over running points whose lease expired (their worker died). Returns them. */
export function adoptExpired(db: DB, workerId: string, leaseMs: number): SweepPoint[] {
  const c = db.$client;
  return c.transaction(() => {
    const now = Date.now();
    const ids = (
      c
        .prepare(
          `SELECT id FROM sweep_points WHERE state = 'running' AND (lease_until IS NULL OR lease_until < ?) AND coalesce(worker_id,'') <> ?`,
        )
        .all(now, workerId) as {
        id: number;
      }[]
    ).map((r) => r.id);
    const upd = c.prepare(`UPDATE sweep_points SET worker_id = ?, lease_until = ?, updated_at = ? WHERE id = ?`);
    for (const id of ids) upd.run(workerId, now + leaseMs, now, id);
    return ids.map((id) =>
      toPoint(c.prepare(`SELECT ${POINT_COLS} FROM sweep_points WHERE id = ?`).get(id) as Record<string, unknown>),
    );
  })();
}

/** Points this worker holds (running). */
export function myPoints(db: DB, workerId: string): (SweepPoint & { executor: string; sweepCancel: boolean })[] {
  return (
    db.$client
      .prepare(
        `SELECT ${POINT_COLS.replace(/(^|,\s*)(\w+)/g, '$1p.$2')}, s.executor AS executor, s.cancel_requested AS sweepCancel
         FROM sweep_points p JOIN sweeps s ON s.id = p.sweep_id WHERE p.worker_id = ? AND p.state = 'running'`,
      )
      .all(workerId) as Record<string, unknown>[]
  ).map((r) => ({ ...toPoint(r), executor: r.executor as string, sweepCancel: !!r.sweepCancel }));
}

/** Gives up this worker's leases (graceful shutdown), so the next worker adopts at once. */
export function releaseLeases(db: DB, workerId: string): void {
  db.$client.prepare(`UPDATE sweep_points SET lease_until = 0 WHERE worker_id = ? AND state = 'running'`).run(workerId);
}

/** Puts a point that never launched back in the queue. */
export function requeue(db: DB, pointId: number, workerId: string, note: string): void {
  db.$client.transaction(() => {
    db.$client
      .prepare(
        `UPDATE sweep_points SET state = 'queued', phase = ?, worker_id = NULL, lease_until = NULL, external_id = NULL, updated_at = ? WHERE id = ? AND worker_id = ? AND state = 'running'`,
      )
      .run(note.slice(0, 200), Date.now(), pointId, workerId);
  })();
}

/** Ends a point as failed or cancelled, with a reason. */
export function finishPoint(
  db: DB,
  pointId: number,
  workerId: string,
  state: 'failed' | 'cancelled',
  reason: string,
): boolean {
  const c = db.$client;
  return c.transaction(() => {
    const r = c
      .prepare(
        `UPDATE sweep_points SET state = ?, reason = ?, phase = NULL, lease_until = NULL, finished_at = ?, updated_at = ? WHERE id = ? AND worker_id = ? AND state = 'running'`,
      )
      .run(state, reason.slice(0, 2000), new Date().toISOString(), Date.now(), pointId, workerId);
    const sweepId = (c.prepare('SELECT sweep_id AS s FROM sweep_points WHERE id = ?').get(pointId) as { s: number }).s;
    if (r.changes === 1 && state === 'failed') adaptiveFollowUp(db, pointId);
    rollupSweep(db, sweepId);
    return r.changes === 1;
  })();
}

/**
 * Stores the point's run and marks it done, atomically. Idempotent: a point that already has a
 * run (or a run already tagged with this sweep point id) gets no second one.
 */
export function completePoint(
  db: DB,
  pointId: number,
  workerId: string,
  record: RunRecord,
  studyName: string,
): { runId: number } | null {
  const c = db.$client;
  return c.transaction(() => {
    const p = c
      .prepare(
        `SELECT sweep_id AS sweepId, run_id AS runId, state, worker_id AS workerId FROM sweep_points WHERE id = ?`,
      )
      .get(pointId) as { sweepId: number; runId: number | null; state: string; workerId: string | null } | undefined;
    if (!p || p.state !== 'running' || p.workerId !== workerId) return null;
    let runId =
      p.runId ??
      (c.prepare('SELECT id FROM runs WHERE sweep_point_id = ? LIMIT 1').get(pointId) as { id: number } | undefined)
        ?.id;
    if (runId === undefined) {
      const s = c.prepare('SELECT study_id AS studyId FROM sweeps WHERE id = ?').get(p.sweepId) as {
        studyId: number | null;
      };
      let studyId = s.studyId;
      if (studyId === null) {
        studyId = ensureStudy(db, studyName).id; // the target study was deleted meanwhile
        c.prepare('UPDATE sweeps SET study_id = ? WHERE id = ?').run(studyId, p.sweepId);
      }
      runId = insertRuns(db, studyId, [record], { sweepPointId: pointId, dedupe: false }).ids[0];
    }
    c.prepare(
      `UPDATE sweep_points SET state = 'done', run_id = ?, reason = NULL, phase = NULL, lease_until = NULL, finished_at = ?, updated_at = ? WHERE id = ?`,
    ).run(runId, new Date().toISOString(), Date.now(), pointId);
    adaptiveFollowUp(db, pointId);
    rollupSweep(db, p.sweepId);
    return { runId };
  })();
}

/** Appends live samples of a point's attempt. */
export function addSamples(
  db: DB,
  pointId: number,
  attempt: number,
  samples: { t: number; power_w?: number | null; sm_clock_mhz?: number | null }[],
): void {
  if (!samples.length) return;
  const c = db.$client;
  const ins = c.prepare(
    'INSERT INTO sweep_samples (point_id, attempt, t_s, power_w, sm_clock_mhz) VALUES (?, ?, ?, ?, ?)',
  );
  c.transaction(() => {
    for (const s of samples) ins.run(pointId, attempt, s.t, s.power_w ?? null, s.sm_clock_mhz ?? null);
  })();
}

export function clearSamples(db: DB, pointId: number, attempt: number): void {
  db.$client.prepare('DELETE FROM sweep_samples WHERE point_id = ? AND attempt = ?').run(pointId, attempt);
}
