import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireRole } from '@/lib/auth/guard';
import { handler, json, parseBody } from '@/lib/http';
import { parseId } from '@/lib/ids';
import { pinPlan } from '@/lib/planner/service';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** POST /api/plans/:id/pin {reportId?, title?} (engineer) -> 201 {reportId, url}: the plan frozen into that report, or a new one. */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'plan id');
  const body = await parseBody(
    req,
    z
      .object({ reportId: z.number().int().positive().optional(), title: z.string().trim().min(1).max(200).optional() })
      .strict(),
  );
  const r = pinPlan(getDb(), id, body, p);
  return json({ reportId: r.reportId, url: `/reports/${r.reportId}` }, 201);
});
