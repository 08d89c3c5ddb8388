/**
 * The POST handler of a sweep action route (start, cancel, retry; per point: cancel, retry):
 * authorise, parse the sweep id (and point id when the path has one), act, reply with the result.
 */
import { getDb, type DB } from '@/db/client';
import { handler, json } from '@/lib/http';
import { parseId } from '@/lib/ids';

type Ctx = { params: Promise<{ id: string; pointId?: string }> };

export function sweepActionRoute(
  authorise: (req: Request) => Promise<unknown>,
  act: (db: DB, sweepId: number, pointId?: number) => unknown,
) {
  return handler(async (req: Request, ctx: Ctx) => {
    await authorise(req);
    const p = await ctx.params;
    const sweepId = parseId(p.id, 'sweep id');
    const pointId = p.pointId === undefined ? undefined : parseId(p.pointId, 'point id');
    return json(act(getDb(), sweepId, pointId));
  });
}
