import { getDb } from '@/db/client';
import { requireRole } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseId } from '@/lib/ids';
import { validatePlan } from '@/lib/planner/service';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** POST /api/plans/:id/validate (engineer) -> the validation: the plan replayed on the simulated device (virtual time), stored with the plan. */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'plan id');
  return json(validatePlan(getDb(), id));
});
