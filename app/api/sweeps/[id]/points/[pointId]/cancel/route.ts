import { getDb } from '@/db/client';
import { cancelPoint } from '@/db/queries/sweeps';
import { requireRole } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseIntParam } from '@/lib/sweeps/api';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string; pointId?: string }> };

/** POST: cancels one point. */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'engineer');
  const p = await ctx.params;
  const id = parseIntParam(p.id, 'sweep id');
  return json(cancelPoint(getDb(), id, parseIntParam(p.pointId ?? '', 'point id')));
});
