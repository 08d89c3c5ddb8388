import { getDb } from '@/db/client';
import { listPlans } from '@/db/queries/plans';
import { requireReader, requireRole } from '@/lib/auth/guard';
import { handler, json, readJsonBody } from '@/lib/http';
import { createPlan } from '@/lib/planner/service';
import type { PlanInputsIn } from '@/lib/planner/inputs';

export const dynamic = 'force-dynamic';

/** GET /api/plans -> { plans } (summaries, newest first). */
export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ plans: listPlans(getDb()) });
});

/**
 * POST /api/plans {study, model, gpu?, workload, slo, intervalS, baseline?, ...} (engineer) -> 201 {id, url}.
 * 400: bad input (the key named); 404: unknown study/workload; 422: no configuration meets the SLOs (the reason).
 */
export const POST = handler(async (req: Request) => {
  const p = await requireRole(req, 'engineer');
  const body = (await readJsonBody(req, 'plan')) as PlanInputsIn;
  const row = createPlan(getDb(), body, p);
  return json({ id: row.id, url: `/plans/${row.id}` }, 201);
});
