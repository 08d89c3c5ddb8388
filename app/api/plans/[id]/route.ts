import { getDb } from '@/db/client';
import { getPlanOrThrow } from '@/db/queries/plans';
import { requireReader } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseId } from '@/lib/ids';
import { planJson } from '@/lib/planner/service';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** GET /api/plans/:id -> {intervals, totals, baseline, bestStatic, reasons, assumptions, inputs, context, validation}. */
export const GET = handler(async (req: Request, ctx: Ctx) => {
  await requireReader(req);
  const id = parseId((await ctx.params).id, 'plan id');
  return json(planJson(getPlanOrThrow(getDb(), id)));
});
