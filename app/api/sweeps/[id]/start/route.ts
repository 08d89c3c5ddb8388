import { getDb } from '@/db/client';
import { startSweep } from '@/db/queries/sweeps';
import { requireSweepLauncher } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseIntParam } from '@/lib/sweeps/api';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string; pointId?: string }> };

/** POST: queues a saved (draft) sweep. */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  await requireSweepLauncher(req);
  const p = await ctx.params;
  const id = parseIntParam(p.id, 'sweep id');
  return json(startSweep(getDb(), id));
});
