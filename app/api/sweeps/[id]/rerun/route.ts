import { getDb } from '@/db/client';
import { rerunSweep } from '@/db/queries/sweeps';
import { requireSweepLauncher } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseId } from '@/lib/ids';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** POST: a new sweep from this sweep's saved definition (same study) -> {id} (201). */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  const who = await requireSweepLauncher(req);
  const s = rerunSweep(getDb(), parseId((await ctx.params).id, 'sweep id'), {}, { createdBy: who.name });
  return json({ id: s.id, state: s.state }, 201);
});
