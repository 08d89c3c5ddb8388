import { getDb } from '@/db/client';
import { getPointOrThrow, pointSamples } from '@/db/queries/sweeps';
import { requireReader } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';
import { parseId } from '@/lib/ids';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string; pointId: string }> };

/** GET ?since=T: live power/clock samples of the point's latest attempt (t in seconds). */
export const GET = handler(async (req: Request, ctx: Ctx) => {
  await requireReader(req);
  const p = await ctx.params;
  const db = getDb();
  const pt = getPointOrThrow(db, parseId(p.id, 'sweep id'), parseId(p.pointId, 'point id'));
  const since = Number(new URL(req.url).searchParams.get('since') ?? -1);
  return json({
    pointId: pt.id,
    attempt: pt.attempt,
    state: pt.state,
    samples: pointSamples(db, pt.id, pt.attempt, Number.isFinite(since) ? since : -1),
  });
});
