/** Stored plans: insert, get, list, record a validation; pin a plan's summary into a report. */
import { desc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { plans, reports, type PlanRow } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';

export type PlanSummary = Pick<
  PlanRow,
  'id' | 'title' | 'studyId' | 'model' | 'workloadRef' | 'createdByName' | 'createdAt'
>;

export function insertPlan(
  db: DB,
  p: Pick<PlanRow, 'title' | 'studyId' | 'model' | 'workloadRef' | 'inputs' | 'result' | 'createdBy' | 'createdByName'>,
): PlanRow {
  return db.insert(plans).values(p).returning().get();
}

export function getPlanOrThrow(db: DB, id: number): PlanRow {
  const p = db.select().from(plans).where(eq(plans.id, id)).get();
  if (!p) throw new NotFoundError(`plan ${id} not found`);
  return p;
}

export function listPlans(db: DB, limit = 100): PlanSummary[] {
  return db
    .select({
      id: plans.id,
      title: plans.title,
      studyId: plans.studyId,
      model: plans.model,
      workloadRef: plans.workloadRef,
      createdByName: plans.createdByName,
      createdAt: plans.createdAt,
    })
    .from(plans)
    .orderBy(desc(plans.id))
    .limit(limit)
    .all();
}

export function setPlanValidation(db: DB, id: number, validation: Record<string, unknown>): void {
  const r = db.update(plans).set({ validation }).where(eq(plans.id, id)).run();
  if (r.changes === 0) throw new NotFoundError(`plan ${id} not found`);
}

/**
 * Appends a frozen plan block to a report's snapshot (`snapshot.plans`), in one transaction: the
 * report shows the plan as it was when pinned, whatever happens to the plan later.
 */
export function appendPlanToReport(db: DB, reportId: number, block: Record<string, unknown>): void {
  db.transaction((tx) => {
    const r = tx.select({ snapshot: reports.snapshot }).from(reports).where(eq(reports.id, reportId)).get();
    if (!r) throw new NotFoundError(`report ${reportId} not found`);
    const snap = { ...(r.snapshot as Record<string, unknown>) };
    const list = Array.isArray(snap.plans) ? (snap.plans as unknown[]) : [];
    snap.plans = [...list.filter((b) => (b as { planId?: number }).planId !== block.planId), block];
    tx.update(reports)
      .set({ snapshot: snap, updatedAt: new Date().toISOString() })
      .where(eq(reports.id, reportId))
      .run();
  });
}

export type StudyModelOption = { studyId: number; studyName: string; model: string; gpus: string[]; runs: number };

/** Studies and their models (with GPUs and run counts): the choices of the plan form. */
export function studyModelOptions(db: DB): StudyModelOption[] {
  // From run_groups (kept exact on every insert and delete): the same GROUP BY over runs scanned
  // every run on each visit of /plans/new (135 ms at 1M runs, holding every other request).
  const rows = db.$client
    .prepare(
      `SELECT g.study_id, s.name, g.model_id, group_concat(DISTINCT g.gpu_model), sum(g.n)
         FROM run_groups g JOIN studies s ON s.id = g.study_id
        GROUP BY g.study_id, g.model_id ORDER BY s.name, g.model_id`,
    )
    .raw()
    .all() as Array<[number, string, string, string | null, number]>;
  return rows.map(([studyId, studyName, model, gpus, runs]) => ({
    studyId,
    studyName,
    model,
    gpus: gpus ? gpus.split(',').sort() : [],
    runs,
  }));
}
