import { getDb } from '@/db/client';
import { cancelSweep } from '@/db/queries/sweeps';
import { requireRole } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseIntParam } from '@/lib/sweeps/api';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string; pointId?: string }> };

/** POST: cancels the sweep (queued points at once; running jobs are stopped by the worker, GPU settings restored). */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  await requireRole(req, 'engineer');
  const p = await ctx.params;
  const id = parseIntParam(p.id, 'sweep id');
  return json(cancelSweep(getDb(), id));
});
