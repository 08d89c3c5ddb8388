import { getDb } from '@/db/client';
import { duplicateReport } from '@/db/queries/reports';
import { parseId } from '@/lib/ids';
import { requireRole } from '@/lib/auth/guard';
import { handler, json } from '@/lib/http';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

/** POST /api/reports/:id/duplicate (engineer) -> 201 {id}: a copy with the same frozen data, owned by the caller. */
export const POST = handler(async (req: Request, ctx: Ctx) => {
  const p = await requireRole(req, 'engineer');
  const id = parseId((await ctx.params).id, 'report id');
  const r = duplicateReport(getDb(), id, { userId: p.userId, name: p.name });
  return json({ id: r.id, url: `/reports/${r.id}` }, 201);
});
